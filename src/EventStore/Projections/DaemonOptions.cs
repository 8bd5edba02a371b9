namespace EventStore.Projections;

/// <summary>Settings of a <see cref="ProjectionDaemon"/>.</summary>
public sealed class DaemonOptions
{
    /// <summary>Most events applied in one transaction.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often an idle projection looks for events when no notification arrives (the fallback).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a host that does not run a projection tries to take it over.</summary>
    public TimeSpan ElectionInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a failing batch is retried (with exponential backoff) before it is treated as poison.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; doubled each time, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a rebuild creates its tables' <see cref="ProjectionTable.ReadIndexes"/> after its catch-up (true) or
    /// maintains them throughout (false). Both give the same read model; deferring is cheaper (docs/benchmarks.md).
    /// </summary>
    public bool DeferReadIndexesInRebuild { get; set; } = true;

    internal void Validate()
    {
        if (BatchSize is < 1 or > 100_000) throw new ArgumentException("BatchSize must be between 1 and 100000.");
        if (PollInterval <= TimeSpan.Zero || ElectionInterval <= TimeSpan.Zero) throw new ArgumentException("Intervals must be positive.");
        if (MaxRetries < 0) throw new ArgumentException("MaxRetries must not be negative.");
    }
}

/// <summary>Where a projection has got to: the last applied event's (transaction id, position).</summary>
public readonly record struct Checkpoint(ulong TransactionId, long Position)
{
    public static Checkpoint Start { get; } = new(0, 0);
}

/// <summary>A projection's state and lag, for health checks and metrics.</summary>
/// <param name="EventsBehind">Committed events (of its types, not archived) it has not applied yet.</param>
/// <param name="SecondsBehind">Age of the oldest such event; 0 when caught up.</param>
public sealed record ProjectionStatus(string Name, int Generation, string State, Checkpoint Checkpoint, long Processed, long EventsBehind, double SecondsBehind, string? Error, bool RunningHere);

/// <summary>Progress of a rebuild, reported as it goes.</summary>
public sealed record RebuildProgress(string Projection, long Processed, long Total, double EventsPerSecond, TimeSpan? Eta);
