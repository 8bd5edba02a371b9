using Domain.Panels;

namespace PanelIngest.Protocol;

/// <summary>
/// What one event-log record says, in the domain's terms: everything <see cref="RecordPanelEvent"/> needs except the
/// panel id and our clock, which the ingest adds.
/// </summary>
/// <param name="EventLogIndex">The record's index as hex (the 0x8C answer's returned index).</param>
/// <param name="PanelTime">The panel's local time; it has no time zone.</param>
/// <param name="Partition">1..32, when the description kind names a partition.</param>
/// <param name="Zone">1..256, when the description kind names a zone (1..128 in the source, +128 on 256 Plus).</param>
/// <param name="User">The user number (1..240 users, 241..248 masters, 249..255 system "users"), when named.</param>
/// <param name="Source">The raw source number, whatever it names.</param>
public sealed record PanelEventFacts(
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
    string Description)
{
    /// <summary>The domain command recording this panel event for <paramref name="panelId"/> at our time <paramref name="now"/>.</summary>
    public RecordPanelEvent ToCommand(string panelId, DateTimeOffset now) => new(
        panelId, EventLogIndex, PanelTime, EventCode, Restore, Class, Kind, Partition, Zone, User, Source, Description,
        now);
}
