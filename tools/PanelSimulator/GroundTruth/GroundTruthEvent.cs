using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// One event a simulated panel generated, as it happened: what tests and benchmarks compare with what reached the
/// event store. <see cref="Index"/> is what the panel reports for the record (the ingest's event-log index).
/// </summary>
/// <param name="PanelId">The panel's <see cref="PanelDefinition.Id"/>.</param>
/// <param name="Sequence">The panel's own count of events, from 0.</param>
/// <param name="Index">The record's opaque index as six hex digits, as the domain stores it.</param>
/// <param name="RecordHex">The 8-byte record as 16 hex digits.</param>
/// <param name="PanelTime">The panel's local clock when it logged the event (to the minute in the record).</param>
/// <param name="Partition">The partition the record names (1..32), if its description kind names one.</param>
/// <param name="Zone">The zone, if any (1..256).</param>
/// <param name="User">The user, if any.</param>
/// <param name="GeneratedAt">The simulator's UTC clock when the event was generated.</param>
public sealed record GroundTruthEvent(
    string PanelId,
    string PanelName,
    long Sequence,
    string Index,
    string RecordHex,
    int Code,
    bool Restore,
    PanelEventClass Class,
    PanelEventKind Kind,
    string Description,
    DateTime PanelTime,
    int? Partition,
    int? Zone,
    int? User,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The ground truth of <paramref name="logged"/>.</summary>
    internal static GroundTruthEvent Of(
        PanelDefinition panel, LoggedEvent logged, DateTime panelTime, int? partition, int? zone, int? user,
        DateTimeOffset now)
    {
        var r = logged.Record;
        Span<byte> bytes = stackalloc byte[EventRecord.Length];
        r.WriteTo(bytes);
        return new GroundTruthEvent(
            panel.Id, panel.Name, logged.Sequence, logged.Index.ToString(), Convert.ToHexString(bytes),
            r.Code, r.Restore, r.Class, EventKindClassifier.Classify(r.Code, r.Restore),
            EventCodeTable.FindNearest(r.Code, r.Restore)?.Text ?? $"Event code {r.Code}",
            panelTime, partition, zone, user, now);
    }
}
