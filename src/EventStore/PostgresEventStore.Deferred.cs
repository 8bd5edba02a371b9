using EventStore.Internal;
using Npgsql;

namespace EventStore;

/// <summary>
/// Appends sent with the commit (<see cref="EventStoreSession.Append(string, string, ExpectedVersion, IReadOnlyList{NewEvent})"/>):
/// one statement per stream that fails the transaction when its expectation does not hold, so that a unit of work's
/// writes and its COMMIT travel in one round trip, as Marten's SaveChanges does.
/// </summary>
public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Whether an append can go with the commit. Not with idempotency keys (their duplicates are looked up before
    /// writing), inline projections (they need the appended positions) or appends large enough for COPY.
    /// </summary>
    internal bool CanDefer(PreparedStream stream) =>
        Options.InlineProjections.Count == 0 && stream.Events.Count < Options.CopyThreshold && stream.Events.All(e => e.IdempotencyKey is null);

    internal NpgsqlBatchCommand DeferredAppendCommand(PreparedStream stream)
    {
        var events = stream.Events as PreparedEvent[] ?? stream.Events.ToArray();
        var expected = stream.Expected;
        if (events.Length == 1)
            return SingleEventCommand(stream, events[0],
                expected.IsAny ? _sql.DeferredSingleAny : expected.IsNoStream ? _sql.DeferredSingleNew : _sql.DeferredSingleExact);
        return EventsCommand(stream, events,
            expected.IsAny ? _sql.DeferredAppendAny : expected.IsNoStream ? _sql.DeferredAppendNew : _sql.DeferredAppendExact);
    }

    /// <summary>
    /// What a failed commit batch means for the deferred appends in it: a refused expectation (its message is the
    /// stream id), or a race on the store's own keys (another writer created a stream first), is the usual
    /// conflict, classified after the rollback from the stream's current state. Null: not the store's refusal.
    /// </summary>
    internal async Task<EventStoreException?> DeferredFailureAsync(NpgsqlConnection conn, IReadOnlyList<PreparedStream> streams, PostgresException e, CancellationToken ct)
    {
        if (streams.Count == 0) return null;
        if (e.SqlState == Sql.RefusedAppend && streams.FirstOrDefault(s => s.StreamId == e.MessageText) is { } refused)
            return await ConflictAsync(conn, null, refused, ct);
        if (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is "events_stream_version" or "streams_pkey")
            return await ConflictAsync(conn, null, streams.FirstOrDefault(s => s.Expected.IsAny || s.Expected.IsNoStream) ?? streams[0], ct);
        return null;
    }
}
