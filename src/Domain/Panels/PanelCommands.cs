namespace Domain.Panels;

/// <summary>A request to change a panel stream. <paramref name="Now"/> is taken by the caller from its clock.</summary>
public abstract record PanelCommand(string PanelId, DateTimeOffset Now);

public sealed record RegisterPanel(
    string PanelId,
    string SiteId,
    PanelModel Model,
    string Host,
    int Port,
    IReadOnlyList<PanelPartition> Partitions,
    IReadOnlyList<PanelZone> Zones,
    string? IntegrationKeyRef,
    DateTimeOffset Now) : PanelCommand(PanelId, Now);

public sealed record ChangePanelConnectionSettings(
    string PanelId,
    string Host,
    int Port,
    string? IntegrationKeyRef,
    DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>Stop monitoring the panel (removed from the site, replaced); <paramref name="Reason"/> says why.</summary>
public sealed record DecommissionPanel(string PanelId, string Reason, DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>
/// The ingest found that the panel's log wrapped past the last record it had ingested (<paramref name="AfterIndex"/>):
/// records in between were overwritten before they could be read.
/// </summary>
public sealed record RecordPanelEventsLost(string PanelId, string AfterIndex, DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>The ingest reports that it is talking to the panel.</summary>
public sealed record RecordPanelConnection(string PanelId, DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>The ingest reports that it cannot talk to the panel, and why.</summary>
public sealed record RecordPanelCommunicationLoss(string PanelId, string Reason, DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>The ingest read a record of the panel's event log and classified its code into a kind.</summary>
public sealed record RecordPanelEvent(
    string PanelId,
    string EventLogIndex,
    DateTime PanelTime,
    int EventCode,
    bool Restore,
    PanelEventClass Class,
    PanelEventKind Kind,
    int? Partition,
    int? Zone,
    int? User,
    int? Source,
    string Description,
    DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>An operator asks to arm (with a mode), force arm, disarm or clear alarm on partitions.</summary>
public sealed record RequestPanelControl(
    string PanelId,
    string RequestId,
    string OperatorId,
    PanelControlAction Action,
    ArmMode? Mode,
    IReadOnlyList<int> Partitions,
    DateTimeOffset Now) : PanelCommand(PanelId, Now);

/// <summary>The ingest reports how a control request ended; <paramref name="Reason"/> is the panel's, if refused.</summary>
public sealed record RecordPanelControlResult(
    string PanelId,
    string RequestId,
    PanelControlResult Result,
    string? Reason,
    DateTimeOffset Now) : PanelCommand(PanelId, Now);
