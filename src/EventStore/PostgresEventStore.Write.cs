using EventStore.Internal;
using Npgsql;
using NpgsqlTypes;

namespace EventStore;

/// <summary>The two physical write paths: one INSERT per stream for small appends, binary COPY for large ones.</summary>
public sealed partial class PostgresEventStore
{
    private enum Step { CopyStream, Events, SingleEvent }

    private string StepSql(ExpectedVersion expected, Step step) => (expected, step) switch
    {
        ({ IsAny: true }, Step.CopyStream) => _sql.StreamAny,
        ({ IsAny: true }, Step.Events) => _sql.AppendAny,
        ({ IsAny: true }, _) => _sql.SingleAny,
        ({ IsNoStream: true }, Step.CopyStream) => _sql.StreamNew,
        ({ IsNoStream: true }, Step.Events) => _sql.AppendNew,
        ({ IsNoStream: true }, _) => _sql.SingleNew,
        (_, Step.CopyStream) => _sql.StreamExact,
        (_, Step.Events) => _sql.AppendExact,
        _ => _sql.SingleExact,
    };

    private static void AddStepParameters(NpgsqlParameterCollection p, PreparedStream stream, int count)
    {
        p.Add(new() { Value = stream.StreamId, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = stream.StreamType, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (long)count, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = (object?)stream.Tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = stream.Expected.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
    }

    /// <summary>
    /// Each stream's step and events in one statement; all statements in one round trip. Returns the streams whose
    /// expectation did not hold (nothing was written for them; the others' statements did write).
    /// </summary>
    private async Task<List<PreparedStream>> WriteByInsertAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, (PreparedStream Stream, PreparedEvent[] Events)[] streams,
        Dictionary<string, (long Version, List<(long Position, long Version)> Rows)> written, CancellationToken ct, string? setup = null,
        bool combineSingles = false)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        if (setup is not null) batch.BatchCommands.Add(new NpgsqlBatchCommand(setup));
        // Several one-event appends (a combined batch) go as one set-based statement: about 1.6 times the events per
        // second of one statement each (measured with pgbench, docs/benchmarks.md).
        (PreparedStream Stream, PreparedEvent[] Events)[] singles = [];
        if (combineSingles && streams.Count(s => s.Events.Length == 1) >= 2)
        {
            singles = streams.Where(s => s.Events.Length == 1).ToArray();
            streams = streams.Where(s => s.Events.Length != 1).ToArray();
            batch.BatchCommands.Add(CombinedSinglesCommand(singles));
        }
        foreach (var (stream, events) in streams)
        {
            if (events.Length == 1)
            {
                batch.BatchCommands.Add(SingleEventCommand(stream, events[0]));
                continue;
            }
            batch.BatchCommands.Add(EventsCommand(stream, events, StepSql(stream.Expected, Step.Events)));
        }

        var conflicts = new List<PreparedStream>();
        await using var r = await batch.ExecuteReaderAsync(ct);
        if (setup is not null) await r.NextResultAsync(ct);
        if (singles.Length > 0)
        {
            while (await r.ReadAsync(ct))
            {
                var version = r.GetInt64(1);
                written[r.GetString(2)] = (version, [(r.GetInt64(0), version)]);
            }
            conflicts.AddRange(singles.Where(s => !written.ContainsKey(s.Stream.StreamId)).Select(s => s.Stream));
            await r.NextResultAsync(ct);
        }
        foreach (var (stream, _) in streams)
        {
            var rows = new List<(long, long)>();
            while (await r.ReadAsync(ct)) rows.Add((r.GetInt64(0), r.GetInt64(1)));
            if (rows.Count == 0) conflicts.Add(stream);
            else
            {
                rows.Sort((a, b) => a.Item2.CompareTo(b.Item2));
                written[stream.StreamId] = (rows[^1].Item2, rows);
            }
            await r.NextResultAsync(ct);
        }
        return conflicts;
    }

    private static NpgsqlBatchCommand EventsCommand(PreparedStream stream, PreparedEvent[] events, string sql)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        AddStepParameters(cmd.Parameters, stream, events.Length);
        AddEventArrays(cmd, events);
        return cmd;
    }

    /// <summary>The events' columns as arrays, in the order both multi-row statements unnest them (after their stream parameters).</summary>
    private static void AddEventArrays(NpgsqlBatchCommand cmd, PreparedEvent[] events)
    {
        AddArray(cmd, events, e => e.EventId, NpgsqlDbType.Uuid);
        AddArray(cmd, events, e => e.Type, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.Data, NpgsqlDbType.Jsonb);
        AddArray(cmd, events, e => e.CorrelationId, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.CausationId, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.UserId, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.Tenant, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.Headers, NpgsqlDbType.Jsonb);
        AddArray(cmd, events, e => e.Timestamp, NpgsqlDbType.TimestampTz);
        AddArray(cmd, events, e => e.IdempotencyKey, NpgsqlDbType.Text);
        AddArray(cmd, events, e => e.Digest, NpgsqlDbType.Bytea);
    }

    private NpgsqlBatchCommand CombinedSinglesCommand((PreparedStream Stream, PreparedEvent[] Events)[] singles)
    {
        var cmd = new NpgsqlBatchCommand(_sql.CombinedSingles);
        var events = singles.Select(s => s.Events[0]).ToArray();
        Add(singles.Select(s => s.Stream.StreamId).ToArray(), NpgsqlDbType.Text);
        Add(singles.Select(s => s.Stream.StreamType).ToArray(), NpgsqlDbType.Text);
        Add(singles.Select(s => s.Stream.Tenant).ToArray(), NpgsqlDbType.Text);
        Add(singles.Select(s => s.Stream.Expected.Value).ToArray(), NpgsqlDbType.Bigint);
        AddEventArrays(cmd, events);
        return cmd;

        void Add<T>(T[] values, NpgsqlDbType type) => cmd.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
    }

    private NpgsqlBatchCommand SingleEventCommand(PreparedStream stream, PreparedEvent e, string? sql = null)
    {
        var cmd = new NpgsqlBatchCommand(sql ?? StepSql(stream.Expected, Step.SingleEvent));
        var p = cmd.Parameters;
        AddStepParameters(p, stream, 1);
        p.Add(new() { Value = e.EventId, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new() { Value = e.Type, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = e.Data, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = (object?)e.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)e.CausationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)e.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)e.Tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)e.Headers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = e.Timestamp, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = (object?)e.IdempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = e.Digest, NpgsqlDbType = NpgsqlDbType.Bytea });
        return cmd;
    }

    private static void AddArray<T>(NpgsqlBatchCommand cmd, PreparedEvent[] events, Func<PreparedEvent, T> select, NpgsqlDbType type)
    {
        var values = new T[events.Length];
        for (var i = 0; i < values.Length; i++) values[i] = select(events[i]);
        cmd.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
    }

    /// <summary>
    /// Large appends: every stream step and the position allocation in one round trip, then the events by binary
    /// COPY (the fastest way into PostgreSQL) chained here from the heads the steps returned, then the streams' new
    /// heads in one statement; all in the caller's transaction, which holds the streams' row locks throughout.
    /// </summary>
    /// <param name="withCommit">Receives the statement that stores the streams' new chain heads: the caller sends it
    /// with the COMMIT, and before anything else in the transaction appends to these streams again.</param>
    private async Task<PreparedStream?> WriteByCopyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, (PreparedStream Stream, PreparedEvent[] Events)[] streams,
        Dictionary<string, (long Version, List<(long Position, long Version)> Rows)> written, List<NpgsqlBatchCommand> withCommit, CancellationToken ct)
    {
        var total = streams.Sum(s => s.Events.Length);
        var versions = new long[streams.Length];
        var archived = new bool[streams.Length];
        var previousHashes = new byte[]?[streams.Length];
        var positions = new long[total];
        await using (var batch = new NpgsqlBatch(conn, tx))
        {
            foreach (var (stream, events) in streams)
            {
                var step = new NpgsqlBatchCommand(StepSql(stream.Expected, Step.CopyStream));
                AddStepParameters(step.Parameters, stream, events.Length);
                batch.BatchCommands.Add(step);
            }
            var allocate = new NpgsqlBatchCommand(_sql.AllocatePositions);
            allocate.Parameters.Add(new() { Value = total, NpgsqlDbType = NpgsqlDbType.Integer });
            batch.BatchCommands.Add(allocate);

            await using var r = await batch.ExecuteReaderAsync(ct);
            for (var i = 0; i < streams.Length; i++)
            {
                if (!await r.ReadAsync(ct)) return streams[i].Stream;
                versions[i] = r.GetInt64(0);
                archived[i] = r.GetBoolean(1);
                previousHashes[i] = r.IsDBNull(2) ? null : r.GetFieldValue<byte[]>(2);
                await r.NextResultAsync(ct);
            }
            for (var i = 0; await r.ReadAsync(ct); i++) positions[i] = r.GetInt64(0);
        }
        Array.Sort(positions);

        var heads = new byte[streams.Length][];
        await using (var copy = await conn.BeginBinaryImportAsync(_sql.CopyEvents, ct))
        {
            await CopyEventsAsync(copy, streams, versions, archived, previousHashes, positions, heads, written, ct);
            await copy.CompleteAsync(ct);
        }

        // The new heads travel with the COMMIT (withCommit), so the chain costs this path no round trip of its own.
        var setHeads = new NpgsqlBatchCommand(_sql.SetHeads);
        setHeads.Parameters.Add(new() { Value = streams.Select(s => s.Stream.StreamId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        setHeads.Parameters.Add(new() { Value = heads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        withCommit.Add(setHeads);
        return null;
    }

    /// <summary>Commits <paramref name="tx"/> with <paramref name="withCommit"/> sent in the same round trip.</summary>
    internal static async Task CommitWithAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<NpgsqlBatchCommand> withCommit, CancellationToken ct)
    {
        if (withCommit.Count == 0)
        {
            await tx.CommitAsync(ct);
            return;
        }
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var command in withCommit) batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyEventsAsync(NpgsqlBinaryImporter copy, (PreparedStream Stream, PreparedEvent[] Events)[] streams, long[] versions,
        bool[] archived, byte[]?[] previousHashes, long[] positions, byte[][] heads,
        Dictionary<string, (long Version, List<(long Position, long Version)> Rows)> written, CancellationToken ct)
    {
        var k = 0;
        for (var i = 0; i < streams.Length; i++)
        {
            var (stream, events) = streams[i];
            var rows = new List<(long, long)>(events.Length);
            var first = versions[i] - events.Length + 1;
            // The chain continues from the head the stream step returned (read under the row lock).
            var hash = previousHashes[i] ?? EventHashChain.Genesis.ToArray();
            for (var j = 0; j < events.Length; j++)
            {
                var e = events[j];
                hash = EventHashChain.Link(hash, first + j, e.Digest);
                var position = positions[k++];
                rows.Add((position, first + j));
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(position, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(stream.StreamId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(first + j, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Data, NpgsqlDbType.Jsonb, ct);
                await WriteNullable(copy, e.CorrelationId, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, e.CausationId, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, e.UserId, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, e.Tenant, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, e.Headers, NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await WriteNullable(copy, e.IdempotencyKey, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(archived[i], NpgsqlDbType.Boolean, ct); // an archived stream's new events are archived too
                await copy.WriteAsync(hash, NpgsqlDbType.Bytea, ct);
            }
            heads[i] = hash;
            written[stream.StreamId] = (versions[i], rows);
        }
    }

    private static ValueTask WriteNullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? new ValueTask(copy.WriteNullAsync(ct)) : new ValueTask(copy.WriteAsync(value, type, ct));
}
