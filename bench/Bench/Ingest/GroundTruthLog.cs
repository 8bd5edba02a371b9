using System.Collections.Concurrent;
using PanelSimulator;

namespace Bench.Ingest;

/// <summary>One record a simulated panel logged: what must reach the store once, and when it was generated.</summary>
public readonly record struct GeneratedRecord(string PanelId, string Index, int Code, bool Restore, DateTimeOffset GeneratedAt);

/// <summary>Every record the fleet generated, with the simulator's timestamp (a fleet event handler: quick, no waiting).</summary>
public sealed class GroundTruthLog
{
    private readonly ConcurrentQueue<GeneratedRecord> records = new();

    public int Count => records.Count;

    public void Add(GroundTruthEvent e) => records.Enqueue(new(e.PanelId, e.Index, e.Code, e.Restore, e.GeneratedAt));

    public IReadOnlyList<GeneratedRecord> Snapshot() => [.. records];
}
