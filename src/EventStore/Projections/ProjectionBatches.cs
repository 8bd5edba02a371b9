using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Projections;

/// <summary>An event in a projection's page whose data cannot be deserialised (or upcast).</summary>
internal sealed class UnreadableEventException(StoredEvent e, Exception inner) : Exception($"Event at position {e.Position} cannot be read: {inner.Message}", inner)
{
    public StoredEvent Event { get; } = e;
}

/// <summary>
/// A page of a projection's events. <paramref name="Through"/>, when set, is a checkpoint the projection may move to
/// even past its last event: the page was short, so every event of its types written by a transaction below the
/// horizon is in it. A projection whose types are rare moves on with the log instead of scanning the same
/// stretch of other events on every read.
/// </summary>
internal sealed record ProjectionPage(List<StoredEvent> Events, Checkpoint? Through)
{
    /// <summary>The read's horizon: every transaction below it had finished, and its events were readable.</summary>
    public ulong Horizon { get; init; }
}

/// <summary>
/// Reading pages of the log for a projection and applying them with their checkpoint in one transaction.
/// The page query reads only events written by transactions that have finished (transaction id below the
/// current snapshot's xmin), in (transaction id, position) order: a later page can never contain an event that
/// sorts before one already applied, so nothing is skipped and no gap is ever waited out.
/// </summary>
internal sealed class ProjectionBatches
{
    private readonly PostgresEventStore _store;
    private readonly string _q;
    private readonly ReadOptions _readOptions;
    private readonly string[]? _types;

    public ProjectionBatches(PostgresEventStore store, Projection projection)
    {
        _store = store;
        Projection = projection;
        _q = SchemaMigrator.Quote(store.Options.Schema);
        _types = projection.EventTypes?.ToArray();
        _readOptions = new ReadOptions(Deserialize: projection.DeserializeEvents, UnknownTypesAsRaw: true);
        var filter = _types is null ? "" : " and type = any($4)";
        PageSql = $"""
            select {store.SqlText.Columns} from {_q}.events
            where (tx_id, position) > ($1, $2) and tx_id < pg_snapshot_xmin(pg_current_snapshot()) and not archived{filter}
            order by tx_id, position
            limit $3
            """;
    }

    public Projection Projection { get; }

    /// <summary>The row's identity without its data, for dead-lettering an event that cannot be read.</summary>
    private static StoredEvent RawEvent(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetGuid(3), r.GetString(4), null, r.GetString(5), EventMetadata.Empty,
            new DateTimeOffset(r.GetFieldValue<DateTime>(11), TimeSpan.Zero), r.GetFieldValue<ulong>(12));
    private string PageSql { get; }

    /// <remarks>
    /// The index on (tx_id, position) already yields the page in order, but on a table PostgreSQL has no statistics
    /// for yet (fresh or bulk-loaded) the planner prefers a scan of every remaining event plus a sort: a catch-up
    /// that slows down the longer the log. Sorting is never wanted here, so the read forbids it for itself.
    /// </remarks>
    public async Task<ProjectionPage> ReadPageAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Checkpoint after, int limit, CancellationToken ct)
    {
        var own = tx is null ? await conn.BeginTransactionAsync(ct) : null;
        try
        {
            await using var batch = new NpgsqlBatch(conn, tx ?? own);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set local enable_sort = off"));
            // The horizon first, in a statement (and snapshot) of its own: the page's later snapshot has an xmin at
            // least as high, so a short page holds every matching event below this one.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_snapshot_xmin(pg_current_snapshot())"));
            var cmd = new NpgsqlBatchCommand(PageSql);
            cmd.Parameters.Add(new() { Value = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
            cmd.Parameters.Add(new() { Value = after.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
            if (_types is not null) cmd.Parameters.Add(new() { Value = _types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(cmd);
            var page = new List<StoredEvent>(Math.Min(limit, 10_000));
            ulong horizon;
            var rows = 0;
            var complete = true;
            await using (var r = await batch.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                horizon = r.GetFieldValue<ulong>(0);
                await r.NextResultAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    rows++;
                    try
                    {
                        page.Add(_store.ReadEvent(r, _readOptions)!);
                    }
                    catch (Exception e) when (e is EventDeserializationException or not OperationCanceledException and not NpgsqlException)
                    {
                        // Apply what came before it; the unreadable event then leads the next page and meets the poison policy.
                        complete = false;
                        if (page.Count > 0) break;
                        throw new UnreadableEventException(RawEvent(r), e);
                    }
                }
            }
            if (own is not null) await own.CommitAsync(ct);
            // Only a filtered projection gains: an unfiltered one's short page already ends at the last event there is.
            var through = _types is not null && complete && rows < limit && horizon > 0 ? new Checkpoint(horizon - 1, long.MaxValue) : (Checkpoint?)null;
            return new ProjectionPage(page, through is { } t && Compare(t, after) > 0 ? t : null) { Horizon = horizon };
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// Applies <paramref name="events"/> and moves the checkpoint from <paramref name="from"/> to after the last
    /// of them, in <paramref name="tx"/>. False when the stored checkpoint was not <paramref name="from"/>:
    /// another runner got there first, and the caller must roll back.
    /// </summary>
    /// <param name="through">Where the checkpoint may go past the last event (<see cref="ProjectionPage.Through"/>).</param>
    public async Task<bool> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int generation, Checkpoint from, IReadOnlyList<StoredEvent> events, CancellationToken ct,
        Checkpoint? through = null)
    {
        if (events.Count > 0)
            await Projection.ApplyAsync(new ProjectionContext(conn, tx, _store.Options.Schema, Projection.Name, generation), events, ct);
        var to = events.Count > 0 ? new Checkpoint(events[^1].TransactionId, events[^1].Position) : from;
        if (through is { } t && Compare(t, to) > 0) to = t;
        return await AdvanceAsync(conn, tx, generation, from, to, events.Count, ct);
    }

    private static int Compare(Checkpoint a, Checkpoint b) =>
        a.TransactionId != b.TransactionId ? a.TransactionId.CompareTo(b.TransactionId) : a.Position.CompareTo(b.Position);

    public async Task<bool> AdvanceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int generation, Checkpoint from, Checkpoint to, int count, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            update {_q}.projection_progress
               set last_tx = $3, last_position = $4, processed = processed + $5, updated_at = now(), error = null
             where name = $1 and generation = $2 and last_tx = $6 and last_position = $7
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = Projection.Name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = generation, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = to.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new() { Value = to.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = (long)count, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = from.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new() { Value = from.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Reads the live generation and its checkpoint, taking a share lock that a rebuild's switch waits for.</summary>
    public async Task<(int Generation, Checkpoint Checkpoint, string State)> LockLiveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select j.live_generation, p.last_tx, p.last_position, p.state
              from {_q}.projections j join {_q}.projection_progress p on p.name = j.name and p.generation = j.live_generation
             where j.name = $1
            {(tx is null ? "" : "for share of j")}
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = Projection.Name, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new InvalidOperationException($"Projection '{Projection.Name}' is not set up; run the daemon or MigrateAsync first.");
        return (r.GetInt32(0), new Checkpoint(r.GetFieldValue<ulong>(1), r.GetInt64(2)), r.GetString(3));
    }

    public async Task SetStateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int generation, string state, string? error, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"update {_q}.projection_progress set state = $3, error = $4, updated_at = now() where name = $1 and generation = $2", conn, tx);
        cmd.Parameters.Add(new() { Value = Projection.Name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = generation, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = state, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordDeadLetterAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StoredEvent e, Exception error, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            insert into {_q}.projection_dead_letters (projection, position, tx_id, stream_id, version, type, error)
            values ($1, $2, $3, $4, $5, $6, $7)
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = Projection.Name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = e.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = e.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new() { Value = e.StreamId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = e.StreamVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = e.EventType, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = error.ToString(), NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
