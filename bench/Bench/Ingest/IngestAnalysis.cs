namespace Bench.Ingest;

/// <summary>
/// Ground truth against the store. A generated record is <b>stored</b> when a <c>panel_event_recorded</c> of the same
/// panel carries its event-log index with the same code and restore bit (the simulator's log never wraps in a run, so
/// an index names one record); <b>missing</b> otherwise. <b>Duplicates</b>: stored events beyond the first with the
/// same panel, index, code, restore and panel time (the domain's fingerprint). <b>Unexpected</b>: stored records no
/// generated record explains. Latency: the append's timestamp minus the simulator's generation timestamp, for records
/// generated inside the window, split at the moment the ingest wrote the record's message to its outbox
/// (<see cref="StoredRecord.SentAt"/>, millisecond resolution): generated → sent (the wait for the next poll, the walk,
/// the batch) and sent → appended (the commit, the relay, RabbitMQ, the Host's consumer); stored events/s: events
/// appended inside the window.
/// </summary>
public sealed record IngestAnalysis(
    long Generated, long Stored, long Missing, long Duplicates, long Unexpected,
    long GeneratedInWindow, long StoredInWindow, double WindowSeconds, List<double> LatenciesMs, List<double> ToSentMs, List<double> SentToAppendMs,
    IReadOnlyList<GeneratedRecord> MissingSamples)
{
    public double ExpectedEps => GeneratedInWindow / WindowSeconds;
    public double StoredEps => StoredInWindow / WindowSeconds;
    public double P(double p) => Report.Percentile(LatenciesMs, p);
    public double MaxMs => LatenciesMs.Count == 0 ? double.NaN : LatenciesMs[^1];

    public static IngestAnalysis Of(IReadOnlyList<GeneratedRecord> truth, IReadOnlyList<StoredRecord> stored, DateTimeOffset from, DateTimeOffset to)
    {
        var byRecord = stored.GroupBy(s => (s.PanelId, s.Index)).ToDictionary(g => g.Key, g => g.ToList());
        var latencies = new List<double>();
        var toSent = new List<double>();
        var sentToAppend = new List<double>();
        var missing = new List<GeneratedRecord>();
        var explained = new HashSet<(string, string)>();
        long generatedInWindow = 0;
        foreach (var t in truth)
        {
            var inWindow = t.GeneratedAt >= from && t.GeneratedAt < to;
            if (inWindow) generatedInWindow++;
            if (!byRecord.TryGetValue((t.PanelId, t.Index), out var found) || found.FirstOrDefault(s => s.Code == t.Code && s.Restore == t.Restore) is not { PanelId: not null } first)
            {
                missing.Add(t);
                continue;
            }
            explained.Add((t.PanelId, t.Index));
            if (!inWindow) continue;
            latencies.Add((first.AppendedAt - t.GeneratedAt).TotalMilliseconds);
            if (first.SentAt is { } sent)
            {
                toSent.Add((sent - t.GeneratedAt).TotalMilliseconds);
                sentToAppend.Add((first.AppendedAt - sent).TotalMilliseconds);
            }
        }
        latencies.Sort();
        toSent.Sort();
        sentToAppend.Sort();
        var duplicates = stored.GroupBy(s => (s.PanelId, s.Index, s.Code, s.Restore, s.PanelTime)).Sum(g => g.Count() - 1L);
        var unexpected = stored.Count(s => !explained.Contains((s.PanelId, s.Index)));
        var storedInWindow = stored.Count(s => s.AppendedAt >= from && s.AppendedAt < to);
        return new(truth.Count, truth.Count - missing.Count, missing.Count, duplicates, unexpected,
            generatedInWindow, storedInWindow, (to - from).TotalSeconds, latencies, toSent, sentToAppend, [.. missing.Take(5)]);
    }
}
