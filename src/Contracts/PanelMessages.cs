using Domain.Panels;

namespace Contracts;

/// <summary>
/// PanelIngest → Host: one record of a panel's event log, read and classified. The panel and
/// <paramref name="EventLogIndex"/> with the record's time, code and restore bit identify it (see the glossary's
/// "event log index"); a redelivery or a re-read of the same record changes nothing.
/// </summary>
public sealed record PanelEventRead(
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
    DateTimeOffset ReadAt);

/// <summary>
/// PanelIngest → Host: the ingest started talking to the panel (<paramref name="Connected"/>) or lost it for
/// <paramref name="Reason"/>.
/// </summary>
public sealed record PanelConnectionChanged(string PanelId, bool Connected, string? Reason, DateTimeOffset At);

/// <summary>
/// Host → PanelIngest: carry out an operator's control request on the panel. The user code is not in the message:
/// the ingest holds it, encrypted, per panel.
/// </summary>
public sealed record ExecutePanelControl(
    string PanelId,
    string RequestId,
    PanelControlAction Action,
    ArmMode? Mode,
    IReadOnlyList<int> Partitions,
    DateTimeOffset RequestedAt);

/// <summary>PanelIngest → Host: how a control request ended; <paramref name="Reason"/> is the panel's, if refused.</summary>
public sealed record PanelControlCompleted(string PanelId, string RequestId, PanelControlResult Result, string? Reason, DateTimeOffset At);

/// <summary>
/// PanelIngest → Host: the panel's event log no longer reaches back to the last record ingested (it wrapped, or was
/// cleared), so records after <paramref name="FromIndex"/> (hex, the last one ingested) may have been lost. Nothing is
/// invented for them; the records still readable follow this message, in panel order.
/// </summary>
public sealed record PanelLogGapDetected(string PanelId, string FromIndex, DateTimeOffset At);
