namespace Domain.Panels;

/// <summary>
/// A fact in a panel stream ("panel-…"). Not to be confused with a <em>panel event</em>, a record of the panel's own
/// event log, which is recorded here as <see cref="PanelEventRecorded"/>.
/// </summary>
public abstract record PanelEvent(string PanelId);

/// <summary>
/// An INTEGRA panel at a site, reached through its ETHM-1 module at <paramref name="Host"/>:<paramref name="Port"/>.
/// <paramref name="IntegrationKeyRef"/> names where the integration key is kept (null: unencrypted); the key itself
/// is a secret and never stored in an event.
/// </summary>
public sealed record PanelRegistered(
    string PanelId,
    string SiteId,
    PanelModel Model,
    string Host,
    int Port,
    IReadOnlyList<PanelPartition> Partitions,
    IReadOnlyList<PanelZone> Zones,
    string? IntegrationKeyRef,
    DateTimeOffset RegisteredAt) : PanelEvent(PanelId)
{
    public bool Equals(PanelRegistered? other) =>
        other is not null && base.Equals(other) && SiteId == other.SiteId && Model == other.Model && Host == other.Host
        && Port == other.Port && ListEquality.Equal(Partitions, other.Partitions) && ListEquality.Equal(Zones, other.Zones)
        && IntegrationKeyRef == other.IntegrationKeyRef && RegisteredAt == other.RegisteredAt;

    public override int GetHashCode() => HashCode.Combine(
        base.GetHashCode(), SiteId, Model, Host, Port, ListEquality.Hash(Partitions), ListEquality.Hash(Zones),
        HashCode.Combine(IntegrationKeyRef, RegisteredAt));
}

/// <summary>The ETHM-1 module is now reached at another address or with another integration key reference.</summary>
public sealed record PanelConnectionSettingsChanged(
    string PanelId,
    string Host,
    int Port,
    string? IntegrationKeyRef,
    DateTimeOffset ChangedAt) : PanelEvent(PanelId);

/// <summary>The ingest reached the panel for the first time.</summary>
public sealed record PanelConnected(string PanelId, DateTimeOffset ConnectedAt) : PanelEvent(PanelId);

/// <summary>The ingest cannot talk to the panel (no answer, connection refused, module busy).</summary>
public sealed record PanelCommunicationLost(string PanelId, string Reason, DateTimeOffset LostAt) : PanelEvent(PanelId);

/// <summary>The ingest reached the panel again after a communication loss.</summary>
public sealed record PanelCommunicationRestored(string PanelId, DateTimeOffset RestoredAt) : PanelEvent(PanelId);

/// <summary>
/// A record of the panel's own event log, read at <paramref name="EventLogIndex"/> (the opaque 3-byte index, as hex).
/// <paramref name="PanelTime"/> is the panel's local clock, which has no time zone. <paramref name="Source"/> is the
/// record's raw source number; <paramref name="Zone"/> and <paramref name="User"/> are set when it names one.
/// </summary>
public sealed record PanelEventRecorded(
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
    DateTimeOffset RecordedAt) : PanelEvent(PanelId);

/// <summary>
/// The panel is no longer monitored. Facts the ingest still reports are recorded (they happened), but operators can
/// no longer change its settings or control it, and it cannot be registered again.
/// </summary>
public sealed record PanelDecommissioned(string PanelId, string Reason, DateTimeOffset DecommissionedAt) : PanelEvent(PanelId);

/// <summary>
/// Panel events after <paramref name="AfterIndex"/> were lost: the panel's log wrapped over them before the ingest
/// read them. How many is unknown; nothing is invented in their place.
/// </summary>
public sealed record PanelEventsLost(string PanelId, string AfterIndex, DateTimeOffset DetectedAt) : PanelEvent(PanelId);
