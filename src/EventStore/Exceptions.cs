namespace EventStore;

/// <summary>Base type of the store's own errors.</summary>
public abstract class EventStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A write lost a race; retrying the whole unit of work (reload, decide, append) is the remedy.</summary>
public abstract class ConcurrencyException(string message, Exception? inner = null) : EventStoreException(message, inner);

/// <summary>
/// An optimistic-concurrency conflict: the stream was not at the expected version (or, for an append from a
/// transaction older than the stream's last appender, could not be ordered after it). Nothing of the append's
/// transaction was committed. Callers reload and decide again.
/// </summary>
public sealed class WrongExpectedVersionException(string streamId, ExpectedVersion expected, long actual)
    : ConcurrencyException($"Stream '{streamId}' expected at version {expected} but is at {(actual == 0 ? "no stream" : actual.ToString(System.Globalization.CultureInfo.InvariantCulture))}.")
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    /// <summary>The version found; 0 when the stream does not exist.</summary>
    public long Actual { get; } = actual;
}

/// <summary>
/// Another transaction stored the same idempotency key while this one was writing, inside a caller's session
/// (where the store cannot retry on its own). Retrying the session reports the event as a duplicate.
/// </summary>
public sealed class IdempotencyRaceException(IReadOnlyList<string> keys, Exception inner)
    : ConcurrencyException($"One of the idempotency keys ({string.Join(", ", keys.Take(5))}{(keys.Count > 5 ? ", …" : "")}) was stored concurrently by another transaction; retry.", inner)
{
    /// <summary>The keys of the append, one of which another transaction stored first.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>The stream was tombstoned: it can be neither read nor written again.</summary>
public sealed class StreamDeletedException(string streamId)
    : EventStoreException($"Stream '{streamId}' was tombstoned.")
{
    public string StreamId { get; } = streamId;
}

/// <summary>A stored event's type name is not registered (and the reader did not opt in to skip it).</summary>
public sealed class UnknownEventTypeException(string typeName, long position, string streamId)
    : EventStoreException($"Unknown event type '{typeName}' at position {position} (stream '{streamId}'). Register it or its upcaster, or read with SkipUnknownTypes.")
{
    public string TypeName { get; } = typeName;
    public long Position { get; } = position;
    public string StreamId { get; } = streamId;
}

/// <summary>An event's stored JSON could not be turned into its registered type.</summary>
public sealed class EventDeserializationException(string typeName, long position, Exception inner)
    : EventStoreException($"Event '{typeName}' at position {position} could not be deserialised: {inner.Message}", inner)
{
    public string TypeName { get; } = typeName;
    public long Position { get; } = position;
}
