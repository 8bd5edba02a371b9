using EventStore.Internal;
using Npgsql;

namespace EventStore;

public sealed partial class PostgresEventStore
{
    // Races are retried: a concurrent duplicate key, a deadlock, or an 'any' append whose transaction id is older
    // than the stream's last writer (the order guard). Under heavy contention on one stream the guard can refuse a
    // few attempts in a row, so there are enough of them, with a little jitter after the first retries.
    private const int MaxAttempts = 10;

    /// <summary>Appends events to one stream.</summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at <paramref name="expected"/>.</exception>
    /// <exception cref="StreamDeletedException">The stream was tombstoned.</exception>
    /// <exception cref="ArgumentException">Invalid input; nothing was written.</exception>
    public Task<AppendResult> AppendAsync(string streamId, string streamType, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken ct = default) =>
        AppendAsync([new StreamAppend(streamId, streamType, expected, events)], ct);

    /// <summary>Appends event objects (no metadata or keys) to one stream.</summary>
    public Task<AppendResult> AppendAsync(string streamId, string streamType, ExpectedVersion expected, params object[] events) =>
        AppendAsync(streamId, streamType, expected, (IReadOnlyList<NewEvent>)events.Select(e => e as NewEvent ?? new NewEvent(e)).ToArray(), CancellationToken.None);

    /// <summary>
    /// Appends to several streams in one transaction: all are written or none. Streams are locked in id order, so
    /// concurrent multi-stream appends do not deadlock.
    /// </summary>
    public Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        var prepared = PreparedAppend.Prepare(appends, Options);
        return CanCombine(prepared) ? AppendCombinedAsync(prepared, ct) : AppendAloneAsync(prepared, ct);
    }

    /// <summary>One append in its own round trip (small, one stream) or transaction, retried on races.</summary>
    private async Task<AppendResult> AppendAloneAsync(IReadOnlyList<PreparedStream> prepared, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = await DataSource.OpenConnectionAsync(ct);
                AppendResult result;
                if (prepared.Count == 1 && prepared[0].Events.Count < Options.CopyThreshold && Options.InlineProjections.Count == 0)
                {
                    // One stream, one statement, no explicit transaction: a single round trip (two with idempotency keys).
                    result = await AppendCoreAsync(conn, null, prepared, canRetry: attempt < MaxAttempts, ct);
                }
                else
                {
                    await using var tx = await conn.BeginTransactionAsync(ct);
                    var withCommit = new List<NpgsqlBatchCommand>();
                    result = await AppendCoreAsync(conn, tx, prepared, canRetry: attempt < MaxAttempts, ct, withCommit);
                    await CommitWithAsync(conn, tx, withCommit, ct);
                }
                OnCommitted();
                return result;
            }
            catch (RetryAppendException)
            {
                // A retryable race (a concurrent duplicate key, an 'any' append overtaken, a deadlock): go again.
                if (attempt >= 3) await Task.Delay(Random.Shared.Next(1, 1 + attempt), ct);
            }
        }
    }

    /// <summary>Thrown inside an owned transaction to roll back and run the whole append again.</summary>
    private sealed class RetryAppendException : Exception;

    /// <param name="canRetry">
    /// Whether a retryable race may be answered by rolling back and running the append again: only when the store
    /// owns the transaction (never in a caller's session) and attempts remain.
    /// </param>
    /// <param name="withCommit">
    /// Statements the caller must send with the COMMIT (the COPY path's new chain heads), before any further append
    /// in the transaction; null only without a transaction (no COPY then).
    /// </param>
    internal async Task<AppendResult> AppendCoreAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<PreparedStream> streams, bool canRetry, CancellationToken ct,
        List<NpgsqlBatchCommand>? withCommit = null)
    {
        try
        {
            var duplicates = await FindDuplicatesAsync(conn, tx, streams, ct);
            var inline = Options.InlineProjections.Count > 0 ? await Projections.InlineProjections.LockAsync(this, conn, tx!, ct) : null;

            // Lock order by stream id avoids deadlocks between multi-stream appends.
            var toWrite = streams
                .Select((s, i) => (Index: i, Stream: s, Events: s.Events.Where(e => e.IdempotencyKey is null || !duplicates.Contains(e.IdempotencyKey)).ToArray()))
                .Where(x => x.Events.Length > 0)
                .OrderBy(x => x.Stream.StreamId, StringComparer.Ordinal)
                .ToArray();

            var written = new Dictionary<string, (long Version, List<(long Position, long Version)> Rows)>(StringComparer.Ordinal);
            if (toWrite.Length > 0)
            {
                var total = toWrite.Sum(x => x.Events.Length);
                var conflict = total >= Options.CopyThreshold && tx is not null && withCommit is not null
                    ? await WriteByCopyAsync(conn, tx, toWrite.Select(x => (x.Stream, x.Events)).ToArray(), written, withCommit, ct)
                    : (await WriteByInsertAsync(conn, tx, toWrite.Select(x => (x.Stream, x.Events)).ToArray(), written, ct)).FirstOrDefault();
                if (conflict is not null)
                {
                    var exception = await ConflictAsync(conn, tx, conflict, ct);
                    // With keys, the "conflict" may be a concurrent redelivery: a fresh attempt reports duplicates.
                    if (canRetry && exception is WrongExpectedVersionException && (duplicatesPossible(streams) || conflict.Expected.IsAny))
                        throw new RetryAppendException();
                    throw exception;
                }
            }

            var result = BuildResult(streams, duplicates, written);
            if (inline is not null) await inline.ApplyAsync(conn, tx!, streams, result, ct);
            return result;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected
                                          || (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is "events_idempotency_key" or "events_stream_version" or "streams_pkey"))
        {
            // Only the store's own constraints mean a race with another append (an inline projection's are its own bugs).
            if (canRetry) throw new RetryAppendException();
            if (e.ConstraintName == "events_idempotency_key")
                throw new IdempotencyRaceException(streams.SelectMany(s => s.Events).Select(x => x.IdempotencyKey).OfType<string>().ToArray(), e);
            throw;
        }

        static bool duplicatesPossible(IReadOnlyList<PreparedStream> s) => s.Any(x => x.Events.Any(e => e.IdempotencyKey is not null));
    }

    /// <summary>Stored events for the append's idempotency keys, and the current version of each stream they are in.</summary>
    private async Task<Duplicates> FindDuplicatesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<PreparedStream> streams, CancellationToken ct)
    {
        var keys = streams.SelectMany(s => s.Events).Select(e => e.IdempotencyKey).OfType<string>().ToArray();
        var found = new Duplicates();
        if (keys.Length == 0) return found;
        await using var cmd = new NpgsqlCommand(_sql.FindKeys, conn, tx);
        cmd.Parameters.Add(new() { Value = keys, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found.ByKey[r.GetString(0)] = new AppendedEvent(r.GetInt64(1), r.GetInt64(3), Duplicate: true);
            found.StreamVersions[r.GetString(2)] = r.GetInt64(4);
        }
        return found;
    }

    private async Task<EventStoreException> ConflictAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, PreparedStream stream, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.StreamState, conn, tx);
        cmd.Parameters.Add(new() { Value = stream.StreamId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return new WrongExpectedVersionException(stream.StreamId, stream.Expected, 0);
        if (r.GetBoolean(1)) return new StreamDeletedException(stream.StreamId);
        return new WrongExpectedVersionException(stream.StreamId, stream.Expected, r.GetInt64(0));
    }

    /// <summary>Stored events found for an append's idempotency keys, and the current version of their streams.</summary>
    private sealed class Duplicates
    {
        public Dictionary<string, AppendedEvent> ByKey { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> StreamVersions { get; } = new(StringComparer.Ordinal);
        public bool Contains(string key) => ByKey.ContainsKey(key);
    }

    private static AppendResult BuildResult(IReadOnlyList<PreparedStream> streams, Duplicates duplicates,
        Dictionary<string, (long Version, List<(long Position, long Version)> Rows)> written)
    {
        var results = new StreamAppendResult[streams.Count];
        for (var i = 0; i < streams.Count; i++)
        {
            var s = streams[i];
            var events = new AppendedEvent[s.Events.Count];
            var rows = written.TryGetValue(s.StreamId, out var w) ? w.Rows : null;
            var next = 0;
            // Written: the version after this append. Only duplicates: the stream's current version (the next expected one).
            var version = rows is not null ? w.Version
                : duplicates.StreamVersions.GetValueOrDefault(s.StreamId);
            for (var j = 0; j < events.Length; j++)
            {
                var key = s.Events[j].IdempotencyKey;
                if (key is not null && duplicates.ByKey.TryGetValue(key, out var dup))
                {
                    events[j] = dup;
                }
                else
                {
                    var row = rows![next++];
                    events[j] = new AppendedEvent(row.Position, row.Version, Duplicate: false);
                }
            }
            results[i] = new StreamAppendResult(s.StreamId, version, events);
        }
        return new AppendResult(results);
    }
}
