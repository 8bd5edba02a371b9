using Domain.Alarms;
using Domain.Panels;
using PanelSimulator;

namespace EndToEnd.Tests;

/// <summary>What the Host recorded, compared with what the simulated panels generated.</summary>
internal static class GroundTruthAssert
{
    /// <summary>One panel event as far as the record and its translation keep it (the record holds the time to the minute).</summary>
    public sealed record Fact(string Index, DateTime PanelTime, int Code, bool Restore, PanelEventKind Kind, int? Partition, int? Zone, int? User);

    public static Fact Of(GroundTruthEvent t) =>
        new(t.Index, ToMinute(t.PanelTime), t.Code, t.Restore, t.Kind, t.Partition, t.Zone, t.User);

    public static Fact Of(PanelEventRecorded r) =>
        new(r.EventLogIndex, r.PanelTime, r.EventCode, r.Restore, r.Kind, r.Partition, r.Zone, r.User);

    /// <summary>
    /// The panel stream holds every panel event of the ground truth once, in the panel's log order, and nothing else:
    /// nothing missing, nothing twice (the same index and fingerprint), order kept.
    /// </summary>
    public static void PanelStreamMatches(string panelId, IReadOnlyList<GroundTruthEvent> truth, IReadOnlyList<PanelEventRecorded> recorded)
    {
        var twice = recorded.GroupBy(r => (r.EventLogIndex, r.PanelTime, r.EventCode, r.Restore)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{panelId}: recorded twice: {string.Join(", ", twice)}");
        var expected = truth.Select(Of).ToList();
        var actual = recorded.Select(Of).ToList();
        var missing = expected.Except(actual).ToList();
        Assert.True(missing.Count == 0, $"{panelId}: {missing.Count} of {expected.Count} missing, first {missing.FirstOrDefault()}");
        var extra = actual.Except(expected).ToList();
        Assert.True(extra.Count == 0, $"{panelId}: {extra.Count} recorded that the panel never logged, first {extra.FirstOrDefault()}");
        var firstOutOfOrder = expected.Zip(actual).Select((pair, i) => (pair, i)).FirstOrDefault(x => x.pair.First != x.pair.Second);
        Assert.True(expected.SequenceEqual(actual), $"{panelId}: out of panel order at {firstOutOfOrder.i}: expected {firstOutOfOrder.pair.First}, recorded {firstOutOfOrder.pair.Second}");
    }

    /// <summary>
    /// The alarms the ground truth asks for when nobody resolves any: one per open alarm slot (kind, partition, zone),
    /// with every further alarm event of the slot counted as a repeat. Sorted, as a readable list.
    /// </summary>
    public static List<string> ExpectedAlarms(IEnumerable<GroundTruthEvent> truth) =>
        [.. truth.Select(t => (Kind: AlarmKinds.For(t.Kind, t.Restore), t.Partition, t.Zone))
            .Where(a => a.Kind is not null)
            .GroupBy(a => Describe(a.Kind!.Value.ToString(), a.Partition, a.Zone))
            .Select(g => $"{g.Key} repeats {g.Count() - 1}")
            .Order(StringComparer.Ordinal)];

    /// <summary>The board's alarms of one panel in the form of <see cref="ExpectedAlarms"/>.</summary>
    public static List<string> BoardAlarms(IEnumerable<System.Text.Json.JsonElement> board, string panelId) =>
        [.. board.Where(i => i.GetProperty("panelId").GetString() == panelId)
            .Select(i => $"{Describe(i.GetProperty("kind").GetString()!, Number(i, "partition"), Number(i, "zone"))} repeats {i.GetProperty("repeats").GetInt32()}")
            .Order(StringComparer.Ordinal)];

    private static string Describe(string kind, int? partition, int? zone) => $"{kind} p{partition?.ToString() ?? "-"} z{zone?.ToString() ?? "-"}";

    private static int? Number(System.Text.Json.JsonElement item, string name) =>
        item.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? null : item.GetProperty(name).GetInt32();

    private static DateTime ToMinute(DateTime t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMinute));
}
