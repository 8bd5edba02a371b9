using EventStore.Projections;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EventStore;

/// <summary>A page of committed events, and the checkpoint to read the next page after.</summary>
/// <param name="Events">The events, in (transaction id, position) order.</param>
/// <param name="Next">
/// Where to continue. After a short page it lies past every transaction that had finished when the page was read,
/// even when none of them matched the type filter, so rare types are not re-scanned from their last match.
/// </param>
public sealed record CommittedPage(IReadOnlyList<StoredEvent> Events, Checkpoint Next);

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// The checkpoint at the readable end of the log, for starting a tail "from now": every event that commits
    /// from now on lies after it. So do the events of transactions that finished after the oldest one still open
    /// (anywhere in the cluster) began: those a tail started here returns too, since skipping them would also skip
    /// whatever that open transaction commits later.
    /// </summary>
    public async Task<Checkpoint> ReadCommittedHeadAsync(CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return AfterFinished(await ReadHorizonAsync(conn, ct));
    }

    /// <summary>
    /// Tails the log like the projection daemon does, without a projection: up to <paramref name="limit"/> events
    /// after <paramref name="after"/> in (transaction id, position) order, written by transactions that had
    /// finished when the read began (transaction id below the snapshot's xmin). A transaction still open can
    /// therefore never commit an event behind the returned checkpoint: nothing is skipped, and a rolled-back
    /// transaction is never waited for. A long-running transaction anywhere delays the tail, as it delays
    /// projections. Archived streams are left out.
    /// </summary>
    /// <param name="after">Where the previous page ended (<see cref="CommittedPage.Next"/>), or <see cref="ReadCommittedHeadAsync"/>.</param>
    /// <param name="limit">Most events to return.</param>
    /// <param name="types">Stored type names to return; null for all. Filtered in SQL.</param>
    /// <param name="options">How to deserialise; <see cref="ReadOptions.IncludeArchived"/> is ignored.</param>
    /// <param name="ct">Cancels the read.</param>
    public async Task<CommittedPage> ReadCommittedAsync(Checkpoint after, int limit, IReadOnlyCollection<string>? types = null, ReadOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        options ??= ReadOptions.Default;
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        // The horizon is taken before the page is read: every transaction below it has finished, so the page's own
        // (later) snapshot sees all of them that committed.
        var horizon = await ReadHorizonAsync(conn, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        // As in the daemon's page read: on a table without statistics the planner would scan and sort the rest of the log.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set local enable_sort = off"));
        var filter = types is null ? "" : " and type = any($5)";
        var page = new NpgsqlBatchCommand($"""
            select {_sql.Columns} from {SchemaMigrator.Quote(Options.Schema)}.events
            where (tx_id, position) > ($1, $2) and tx_id < $3 and not archived{filter}
            order by tx_id, position
            limit $4
            """);
        page.Parameters.Add(new() { Value = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        page.Parameters.Add(new() { Value = after.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
        page.Parameters.Add(new() { Value = horizon, NpgsqlDbType = NpgsqlDbType.Xid8 });
        page.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        if (types is not null) page.Parameters.Add(new() { Value = types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(page);

        var events = new List<StoredEvent>();
        var rows = 0;
        var last = after;
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows++;
                last = new Checkpoint(r.GetFieldValue<ulong>(12), r.GetInt64(0));
                if (ReadEvent(r, options) is { } e) events.Add(e);
            }
        }
        await tx.CommitAsync(ct);
        // A full page may have more behind it; a short one has read everything below the horizon.
        var next = rows == limit ? last : Max(after, AfterFinished(horizon));
        return new CommittedPage(events, next);
    }

    private static async Task<ulong> ReadHorizonAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return r.GetFieldValue<ulong>(0);
    }

    /// <summary>Sorts after every event of a transaction below <paramref name="horizon"/> and before any other.</summary>
    private static Checkpoint AfterFinished(ulong horizon) => new(horizon - 1, long.MaxValue);

    private static Checkpoint Max(Checkpoint a, Checkpoint b) =>
        (a.TransactionId, a.Position).CompareTo((b.TransactionId, b.Position)) >= 0 ? a : b;
}
