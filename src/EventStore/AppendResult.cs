namespace EventStore;

/// <summary>Where one appended event landed.</summary>
/// <param name="Position">Global position.</param>
/// <param name="StreamVersion">Version within its stream.</param>
/// <param name="Duplicate">True when its idempotency key was already stored: this is the original's position.</param>
public readonly record struct AppendedEvent(long Position, long StreamVersion, bool Duplicate);

/// <summary>The outcome of appending to one stream.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The stream's version after the append: the next expected version.</param>
/// <param name="Events">One entry per event passed in, in the same order.</param>
public sealed record StreamAppendResult(string StreamId, long Version, IReadOnlyList<AppendedEvent> Events);

/// <summary>The outcome of an append, one entry per stream in the order given.</summary>
public sealed record AppendResult(IReadOnlyList<StreamAppendResult> Streams)
{
    /// <summary>The single stream's result (for one-stream appends).</summary>
    public StreamAppendResult Single => Streams.Count == 1 ? Streams[0] : throw new InvalidOperationException("The append wrote several streams.");
}
