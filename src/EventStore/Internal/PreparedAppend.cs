using System.Text;
using System.Text.Json;

namespace EventStore.Internal;

/// <summary>
/// An event validated and serialised, ready for either write path, with the content digest that the hash chain
/// links (<see cref="EventHashChain"/>), computed here, before any I/O.
/// </summary>
internal sealed record PreparedEvent(
    Guid EventId, string Type, string Data, string? CorrelationId, string? CausationId, string? UserId, string? Tenant,
    string? Headers, DateTime Timestamp, string? IdempotencyKey, object Original, EventMetadata Metadata, byte[] Digest);

internal sealed record PreparedStream(string StreamId, string StreamType, ExpectedVersion Expected, IReadOnlyList<PreparedEvent> Events)
{
    public string? Tenant => Events[0].Tenant;
}

/// <summary>
/// Validates and serialises an append before anything is written, so bad input fails with a clear exception and
/// leaves the database untouched.
/// </summary>
internal static class PreparedAppend
{
    public static IReadOnlyList<PreparedStream> Prepare(IReadOnlyList<StreamAppend> appends, EventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0) throw new ArgumentException("An append needs at least one stream.", nameof(appends));
        // PostgreSQL keeps microseconds: truncate here so that the digest covers exactly the stored timestamp.
        var clock = options.Clock.GetUtcNow().UtcDateTime;
        var now = new DateTime(clock.Ticks - clock.Ticks % 10, DateTimeKind.Utc);
        var seenStreams = new HashSet<string>(StringComparer.Ordinal);
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PreparedStream>(appends.Count);
        var work = new List<(StreamAppend Append, PreparedEvent[] Into, int Index)>();
        foreach (var append in appends)
        {
            ArgumentNullException.ThrowIfNull(append, nameof(appends));
            ValidateStreamId(append.StreamId, options);
            if (string.IsNullOrWhiteSpace(append.StreamType) || append.StreamType.Length > 200)
                throw new ArgumentException($"Stream '{append.StreamId}' needs a stream type of 1 to 200 characters.", nameof(appends));
            if (!seenStreams.Add(append.StreamId))
                throw new ArgumentException($"Stream '{append.StreamId}' appears twice in one append; merge its events.", nameof(appends));
            if (append.Events is null || append.Events.Count == 0)
                throw new ArgumentException($"The append to stream '{append.StreamId}' has no events.", nameof(appends));

            var events = new PreparedEvent[append.Events.Count];
            for (var i = 0; i < events.Length; i++)
            {
                var e = append.Events[i] ?? throw new ArgumentNullException(nameof(appends), $"Event {i} of stream '{append.StreamId}' is null.");
                if (e.Data is null) throw new ArgumentNullException(nameof(appends), $"Event {i} of stream '{append.StreamId}' has null data.");
                if (e.IdempotencyKey is { } key && (key.Length is 0 or > 500 || !seenKeys.Add(key)))
                    throw new ArgumentException($"Event {i} of stream '{append.StreamId}': idempotency key must be 1-500 characters and unique within the append.", nameof(appends));
                work.Add((append, events, i));
            }
            result.Add(new PreparedStream(append.StreamId, append.StreamType, append.Expected, events));
        }

        // Serialising and hashing are the client's whole cost of a large append; the database waits meanwhile, so
        // spread them over the cores. The first failing event (in append order) is reported, as in a plain loop.
        if (work.Count < ParallelThreshold)
        {
            foreach (var (append, into, index) in work) into[index] = PrepareEvent(append, index, now, options);
        }
        else
        {
            var errors = new Exception?[work.Count];
            Parallel.For(0, work.Count, k =>
            {
                var (append, into, index) = work[k];
                try { into[index] = PrepareEvent(append, index, now, options); }
                catch (Exception e) { errors[k] = e; }
            });
            if (Array.Find(errors, e => e is not null) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        return result;
    }

    /// <summary>Appends of at least this many events prepare them in parallel.</summary>
    private const int ParallelThreshold = 64;

    private static PreparedEvent PrepareEvent(StreamAppend append, int i, DateTime now, EventStoreOptions options)
    {
        var e = append.Events[i];
        var type = options.Types.NameOf(e.Data.GetType());
        var data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), options.Json);
        var meta = e.Metadata ?? EventMetadata.Empty;
        var headers = meta.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null;
        var bytes = Encoding.UTF8.GetByteCount(data) + (headers is null ? 0 : Encoding.UTF8.GetByteCount(headers));
        if (bytes > options.MaxEventBytes)
            throw new ArgumentException($"Event {i} ('{type}') of stream '{append.StreamId}' is {bytes} bytes; the limit is {options.MaxEventBytes}.", "appends");
        var eventId = e.EventId ?? Uuid7.NewGuid();
        var digest = EventHashChain.ContentDigest(append.StreamId, eventId, type, now, data, meta.CorrelationId, meta.CausationId,
            meta.UserId, meta.Tenant, headers, e.IdempotencyKey);
        return new PreparedEvent(eventId, type, data, meta.CorrelationId, meta.CausationId,
            meta.UserId, meta.Tenant, headers, now, e.IdempotencyKey, e.Data, meta, digest);
    }

    public static void ValidateStreamId(string? streamId, EventStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(streamId))
            throw new ArgumentException("A stream id must not be empty.", nameof(streamId));
        if (streamId.Length > options.MaxStreamIdLength)
            throw new ArgumentException($"Stream id '{streamId[..Math.Min(20, streamId.Length)]}…' is {streamId.Length} characters; the limit is {options.MaxStreamIdLength}.", nameof(streamId));
    }
}
