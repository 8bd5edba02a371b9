using System.Diagnostics;
using EventStore.Internal;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Projections;

public sealed partial class ProjectionDaemon
{
    /// <summary>
    /// Rebuilds a projection from position zero into a new generation of its tables while the live generation
    /// keeps serving reads and being updated; then, in one transaction that waits for the live runner's batch,
    /// catches up the last events, points the views at the new generation and makes it live. The old tables are
    /// dropped afterwards. One rebuild per projection at a time (advisory lock); any host may run it.
    /// </summary>
    public async Task RebuildAsync(string projection, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default)
    {
        var p = Get(projection);
        await ProjectionCatalog.EnsureAsync(_store.DataSource, _store.Options.Schema, p, ct);
        var batches = new ProjectionBatches(_store, p);
        var q = SchemaMigrator.Quote(_store.Options.Schema);

        await using var lockConn = await _store.DataSource.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", lockConn))
        {
            cmd.Parameters.Add(new() { Value = LockKeys.Hash(_store.Options.Schema), NpgsqlDbType = NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = LockKeys.Hash("rebuild:" + p.Name), NpgsqlDbType = NpgsqlDbType.Integer });
            if (!(bool)(await cmd.ExecuteScalarAsync(ct))!) throw new InvalidOperationException($"Projection '{p.Name}' is already being rebuilt.");
        }
        try
        {
            await RebuildLockedAsync(p, batches, q, progress, ct);
        }
        finally
        {
            // Given back explicitly: a pooled connection resets (and so unlocks) only when it is next used, so the
            // lock would otherwise outlive the rebuild and refuse the next one, here or on another host.
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", lockConn);
            unlock.Parameters.Add(new() { Value = LockKeys.Hash(_store.Options.Schema), NpgsqlDbType = NpgsqlDbType.Integer });
            unlock.Parameters.Add(new() { Value = LockKeys.Hash("rebuild:" + p.Name), NpgsqlDbType = NpgsqlDbType.Integer });
            try { await unlock.ExecuteScalarAsync(CancellationToken.None); } catch (NpgsqlException) { /* connection gone: so is its lock */ }
        }
    }

    private async Task RebuildLockedAsync(Projection p, ProjectionBatches batches, string q, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {

        int oldGeneration, generation;
        long total;
        await using (var conn = await _store.DataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            oldGeneration = (await batches.LockLiveAsync(conn, null, ct)).Generation;
            generation = oldGeneration + 1;
            await ProjectionCatalog.CreateGenerationAsync(conn, tx, _store.Options.Schema, p, generation, ct, deferReadIndexes: _options.DeferReadIndexesInRebuild);
            await using (var count = new NpgsqlCommand($"select count(*) from {q}.events where not archived", conn, tx))
                total = (long)(await count.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        long processed = 0;
        var checkpoint = Checkpoint.Start;
        void Report() => progress?.Report(new RebuildProgress(p.Name, processed, Math.Max(total, processed),
            processed / Math.Max(clock.Elapsed.TotalSeconds, 1e-6),
            processed == 0 ? null : TimeSpan.FromSeconds(Math.Max(0, total - processed) * clock.Elapsed.TotalSeconds / processed)));

        // Catch up outside any lock, one batch per transaction.
        while (true)
        {
            await using var conn = await _store.DataSource.OpenConnectionAsync(ct);
            var (page, _) = await batches.ReadPageAsync(conn, null, checkpoint, _options.BatchSize, ct);
            if (page.Count == 0) break;
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (!await batches.ApplyAsync(conn, tx, generation, checkpoint, page, ct))
                throw new InvalidOperationException($"Generation {generation} of '{p.Name}' was changed by someone else during the rebuild.");
            await tx.CommitAsync(ct);
            checkpoint = new Checkpoint(page[^1].TransactionId, page[^1].Position);
            processed += page.Count;
            Report();
        }

        // The readers' indexes, built once over the caught-up tables (sorted builds) rather than entry by entry
        // during the catch-up, and before the switch, so the new generation serves reports as fast as the old one.
        // Outside the switch's transaction: the live runner is not held up meanwhile.
        if (_options.DeferReadIndexesInRebuild)
        {
            await using var conn = await _store.DataSource.OpenConnectionAsync(ct);
            await ProjectionCatalog.Exec(conn, null, "select set_config('maintenance_work_mem', '128MB', false)", ct);
            foreach (var table in p.Tables) await ProjectionCatalog.CreateReadIndexesAsync(conn, null, _store.Options.Schema, table, generation, ct);
            await ProjectionCatalog.Exec(conn, null, "reset maintenance_work_mem", ct);
        }

        // Switch: block the live runner, apply what arrived meanwhile, make the new generation live.
        await using (var conn = await _store.DataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var lockRow = new NpgsqlCommand($"select live_generation from {q}.projections where name = $1 for update", conn, tx))
            {
                lockRow.Parameters.Add(new() { Value = p.Name, NpgsqlDbType = NpgsqlDbType.Text });
                await lockRow.ExecuteScalarAsync(ct);
            }
            while (true)
            {
                var (page, _) = await batches.ReadPageAsync(conn, tx, checkpoint, _options.BatchSize, ct);
                if (page.Count == 0) break;
                if (!await batches.ApplyAsync(conn, tx, generation, checkpoint, page, ct))
                    throw new InvalidOperationException($"Generation {generation} of '{p.Name}' was changed by someone else during the rebuild.");
                checkpoint = new Checkpoint(page[^1].TransactionId, page[^1].Position);
                processed += page.Count;
            }
            await ProjectionCatalog.PointViewsAsync(conn, tx, _store.Options.Schema, p, generation, ct);
            await ProjectionCatalog.Exec(conn, tx, $"update {q}.projections set live_generation = $2 where name = $1", ct, p.Name, generation);
            await batches.SetStateAsync(conn, tx, generation, "running", null, ct);
            await batches.SetStateAsync(conn, tx, oldGeneration, "retired", null, ct);
            await tx.CommitAsync(ct);
        }
        Report();

        await using (var conn = await _store.DataSource.OpenConnectionAsync(ct))
        {
            foreach (var table in p.Tables)
                await ProjectionCatalog.Exec(conn, null, $"drop table if exists {ProjectionContext.TableName(_store.Options.Schema, table.Name, oldGeneration)}", ct);
            await ProjectionCatalog.Exec(conn, null, $"delete from {q}.projection_progress where name = $1 and generation < $2", ct, p.Name, generation);
        }
    }
}
