using System.Diagnostics;
using System.Reflection;
using EventStore;
using EventStore.Projections;
using Npgsql;
using NpgsqlTypes;

namespace Bench;

/// <summary>
/// Experiments behind docs/benchmarks.md's suggestions (not part of the RESULT line): where the daemon's time goes
/// without statistics (EXPLAIN ANALYZE of its queries, per-phase timings, the cost of WaitForCatchUpAsync's polling),
/// and what Npgsql settings and the append notifier do to the single-event path.
/// </summary>
public static class Investigation
{
    public static async Task<int> RunAsync(BenchDb db, Sizes sizes, string? only = null)
    {
        Console.WriteLine();
        Console.WriteLine($"==== investigation ({sizes.Name}; load average {CpuMeter.LoadAverage()}) ====");
        if (only is null or "daemon") await DaemonAsync(db, sizes);
        if (only is null or "daemon" or "stale") await StaleStatisticsAsync(db, sizes);
        if (only is null or "single") await SingleEventAsync(db, sizes);
        if (only is null or "single" or "reset") await ResetSafetyAsync(db);
        if (only is null or "phases") await AppendPhases.RunAsync(db, sizes);
        return 0;
    }

    // ---------------------------------------------------------------- daemon

    private static async Task DaemonAsync(BenchDb db, Sizes sizes)
    {
        var store = await db.NewStoreAsync("inv_daemon", disableAutovacuum: true);
        var schema = store.Options.Schema;
        try
        {
            await new StoreWriter(store, sizes.Streams).WriteAsync(sizes.Events, 10, 100);
            Console.WriteLine($"loaded {sizes.Events:N0} events; {await StoreScenario.StatsAsync(db, schema)}");

            foreach (var analyzed in new[] { false, true })
            {
                if (analyzed) await db.ExecAsync($"analyze \"{schema}\".events");
                var label = analyzed ? "after ANALYZE" : "no statistics";
                Console.WriteLine($"\n-- {label}");
                await ExplainAsync(db, store, label, sizes);
                await PhasesAsync(db, store, $"phases_{(analyzed ? "a" : "n")}", label, sizes, sortOff: false);
                await PhasesAsync(db, store, $"phases_so_{(analyzed ? "a" : "n")}", label, sizes, sortOff: true);
                await CatchUpWaitsAsync(db, store, analyzed ? "a" : "n", label, sizes);
            }
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(schema);
        }
    }

    /// <summary>
    /// Statistics taken when the table held 10% of its rows (autovacuum off, as after a bulk import that autovacuum has
    /// not caught up with): the page query from a checkpoint beyond the histogram, and the agent loop re-enacted.
    /// </summary>
    private static async Task StaleStatisticsAsync(BenchDb db, Sizes sizes)
    {
        var store = await db.NewStoreAsync("inv_stale", disableAutovacuum: true);
        var schema = store.Options.Schema;
        try
        {
            var writer = new StoreWriter(store, sizes.Streams);
            await writer.WriteAsync(sizes.Events / 10, 10, 100);
            await db.ExecAsync($"analyze \"{schema}\".events");
            await writer.WriteAsync(sizes.Events - sizes.Events / 10, 10, 100);
            Console.WriteLine($"\n-- stale statistics: ANALYZE after {sizes.Events / 10:N0} events, then {sizes.Events - sizes.Events / 10:N0} more appended; {await StoreScenario.StatsAsync(db, schema)}");
            var batches = new ProjectionBatches(store, new StreamCountsProjection("explain"));
            var pageSql = (string)typeof(ProjectionBatches).GetProperty("PageSql", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(batches)!;
            var (tx, pos) = await MidCheckpointAsync(db, schema, sizes.Events / 10);
            await using (var cmd = db.DataSource.CreateCommand("explain (analyze, buffers, timing off) " + pageSql))
            {
                cmd.Parameters.Add(new() { Value = tx, NpgsqlDbType = NpgsqlDbType.Xid8 });
                cmd.Parameters.Add(new() { Value = pos, NpgsqlDbType = NpgsqlDbType.Bigint });
                cmd.Parameters.Add(new() { Value = 5000, NpgsqlDbType = NpgsqlDbType.Integer });
                await PrintPlanAsync(cmd, "page query from the first event after the analyzed ones, limit 5000 (stale statistics)");
            }
            await PhasesAsync(db, store, "stale_n", "stale statistics", sizes, sortOff: false);
            await PhasesAsync(db, store, "stale_so", "stale statistics", sizes, sortOff: true);
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(schema);
        }
    }

    /// <summary>The daemon's page query (read from ProjectionBatches so it stays in sync) and the lag count of GetStatusAsync.</summary>
    private static async Task ExplainAsync(BenchDb db, PostgresEventStore store, string label, Sizes sizes)
    {
        var batches = new ProjectionBatches(store, new StreamCountsProjection("explain"));
        var pageSql = (string)typeof(ProjectionBatches).GetProperty("PageSql", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(batches)!;
        var q = $"\"{store.Options.Schema}\"";
        // A checkpoint half way, to show the per-page cost does not depend on where the page starts.
        var (midTx, midPos) = await MidCheckpointAsync(db, store.Options.Schema, sizes.Events / 2);
        foreach (var (name, tx, pos) in new[] { ("page query from (0,0)", 0UL, 0L), ("page query from the middle", midTx, midPos) })
        {
            await using var cmd = db.DataSource.CreateCommand("explain (analyze, buffers, timing off) " + pageSql);
            cmd.Parameters.Add(new() { Value = tx, NpgsqlDbType = NpgsqlDbType.Xid8 });
            cmd.Parameters.Add(new() { Value = pos, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = 5000, NpgsqlDbType = NpgsqlDbType.Integer });
            await PrintPlanAsync(cmd, $"{name}, limit 5000 ({label})");
        }
        // The proposed fix's plan: same query, `set local enable_sort = off` in its transaction.
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await using (var set = new NpgsqlCommand("set local enable_sort = off", conn, tx)) await set.ExecuteNonQueryAsync();
            await using var cmd = new NpgsqlCommand("explain (analyze, buffers, timing off) " + pageSql, conn, tx);
            cmd.Parameters.Add(new() { Value = midTx, NpgsqlDbType = NpgsqlDbType.Xid8 });
            cmd.Parameters.Add(new() { Value = midPos, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = 5000, NpgsqlDbType = NpgsqlDbType.Integer });
            await PrintPlanAsync(cmd, $"page query from the middle with set local enable_sort = off ({label})");
        }
        // The lag count of GetStatusAsync (src/EventStore/Projections/ProjectionDaemon.Status.cs), which
        // WaitForCatchUpAsync runs every 20 ms while the daemon works, for a projection at (0, 0).
        await using (var cmd = db.DataSource.CreateCommand($"""
            explain (analyze, buffers, timing off)
            select (select count(*) from {q}.events e where (e.tx_id, e.position) > ('0'::xid8, 0::bigint) and not e.archived and ($1::text[] is null or e.type = any($1))),
                   (select extract(epoch from now() - min(e.timestamp)) from {q}.events e where (e.tx_id, e.position) > ('0'::xid8, 0::bigint) and not e.archived and ($1::text[] is null or e.type = any($1)))
            """))
        {
            cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await PrintPlanAsync(cmd, $"GetStatusAsync lag subqueries at (0,0) ({label})");
        }
    }

    private static async Task<(ulong, long)> MidCheckpointAsync(BenchDb db, string schema, int offset)
    {
        await using var cmd = db.DataSource.CreateCommand($"select tx_id, position from \"{schema}\".events order by tx_id, position offset {offset} limit 1");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetFieldValue<ulong>(0), r.GetInt64(1));
    }

    private static async Task PrintPlanAsync(NpgsqlCommand cmd, string title)
    {
        Console.WriteLine($"EXPLAIN {title}:");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) Console.WriteLine("    " + r.GetString(0));
    }

    /// <summary>
    /// The agent's loop (ProjectionAgent.LeadAsync) re-enacted with the store's own internals, timing each phase:
    /// read the checkpoint, read a page (SQL, then materialising StoredEvents), lock + apply + advance, commit.
    /// </summary>
    /// <param name="sortOff">
    /// The proposed fix: read the page inside a transaction with <c>set local enable_sort = off</c> (the index on
    /// (tx_id, position) already delivers the order, so a sort is never wanted), same SQL otherwise.
    /// </param>
    private static async Task PhasesAsync(BenchDb db, PostgresEventStore store, string name, string label, Sizes sizes, bool sortOff)
    {
        await CpuMeter.WaitForQuietAsync(sizes.QuietWait);
        var projection = new StreamCountsProjection(name);
        await ProjectionCatalogEnsure(store, projection);
        var batches = new ProjectionBatches(store, projection);
        var pageSql = (string)typeof(ProjectionBatches).GetProperty("PageSql", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(batches)!;
        var readOptions = new ReadOptions(Deserialize: false, UnknownTypesAsRaw: true);
        async Task<List<StoredEvent>> ReadSortOffAsync(NpgsqlConnection conn, Checkpoint after)
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var set = new NpgsqlCommand("set local enable_sort = off", conn, tx)) await set.ExecuteNonQueryAsync();
            var list = new List<StoredEvent>(5000);
            await using (var cmd = new NpgsqlCommand(pageSql, conn, tx))
            {
                cmd.Parameters.Add(new() { Value = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
                cmd.Parameters.Add(new() { Value = after.Position, NpgsqlDbType = NpgsqlDbType.Bigint });
                cmd.Parameters.Add(new() { Value = 5000, NpgsqlDbType = NpgsqlDbType.Integer });
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) list.Add(store.ReadEvent(r, readOptions)!);
            }
            await tx.CommitAsync();
            return list;
        }
        var t = new Dictionary<string, double> { ["checkpoint"] = 0, ["read page"] = 0, ["apply (upsert)"] = 0, ["lock+advance"] = 0, ["commit"] = 0 };
        var total = Stopwatch.StartNew();
        var sw = new Stopwatch();
        long events = 0;
        var pages = 0;
        while (true)
        {
            await using var conn = await store.DataSource.OpenConnectionAsync();
            sw.Restart();
            var (generation, checkpoint, _) = await batches.LockLiveAsync(conn, null, default);
            t["checkpoint"] += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var page = sortOff ? await ReadSortOffAsync(conn, checkpoint) : (await batches.ReadPageAsync(conn, null, checkpoint, 5000, default)).Events;
            t["read page"] += sw.Elapsed.TotalMilliseconds;
            if (page.Count == 0) break;
            pages++;
            events += page.Count;
            await using var tx = await conn.BeginTransactionAsync();
            sw.Restart();
            await batches.LockLiveAsync(conn, tx, default);
            var ctx = NewContext(conn, tx, store.Options.Schema, projection.Name, generation);
            t["lock+advance"] += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await projection.ApplyAsync(ctx, page, default);
            t["apply (upsert)"] += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await batches.AdvanceAsync(conn, tx, generation, checkpoint, new Checkpoint(page[^1].TransactionId, page[^1].Position), page.Count, default);
            t["lock+advance"] += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await tx.CommitAsync();
            t["commit"] += sw.Elapsed.TotalMilliseconds;
        }
        var s = total.Elapsed.TotalSeconds;
        Console.WriteLine($"agent loop re-enacted ({label}{(sortOff ? ", page read with set local enable_sort = off" : "")}): {events:N0} events in {pages} pages, {s:F2} s = {events / s:N0} events/s; " +
                          string.Join(", ", t.Select(kv => $"{kv.Key} {kv.Value / 1000:F2} s")));
    }

    /// <summary>Catch-up timed with WaitForCatchUpAsync (polls GetStatusAsync every 20 ms) versus with a cheap poll of the progress row.</summary>
    private static async Task CatchUpWaitsAsync(BenchDb db, PostgresEventStore store, string suffix, string label, Sizes sizes)
    {
        var options = new DaemonOptions { BatchSize = 5000 };
        foreach (var cheap in new[] { false, true })
        {
            var projection = new StreamCountsProjection($"wait_{(cheap ? "cheap" : "status")}_{suffix}");
            await using var daemon = new ProjectionDaemon(store, [projection], options);
            await CpuMeter.WaitForQuietAsync(sizes.QuietWait);
            var sw = Stopwatch.StartNew();
            await daemon.StartAsync();
            if (cheap)
            {
                while (await db.ScalarAsync<long>($"select coalesce(sum(processed), 0)::bigint from \"{store.Options.Schema}\".projection_progress where name = '{projection.Name}'") < sizes.Events)
                    await Task.Delay(20);
            }
            else if (!await daemon.WaitForCatchUpAsync(projection.Name, TimeSpan.FromMinutes(15))) throw new InvalidOperationException("no catch-up");
            var s = sw.Elapsed.TotalSeconds;
            await daemon.StopAsync();
            Console.WriteLine($"catch-up ({label}) waiting with {(cheap ? "a cheap progress-row poll every 20 ms" : "WaitForCatchUpAsync")}: {s:F2} s = {sizes.Events / s:N0} events/s");
        }
    }

    private static Task ProjectionCatalogEnsure(PostgresEventStore store, Projection p) =>
        ProjectionCatalog.EnsureAsync(store.DataSource, store.Options.Schema, p, default);

    private static ProjectionContext NewContext(NpgsqlConnection conn, NpgsqlTransaction tx, string schema, string projection, int generation) =>
        (ProjectionContext)typeof(ProjectionContext).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance)[0]
            .Invoke([conn, tx, schema, projection, generation]);

    // ---------------------------------------------------------------- single-event appends

    /// <param name="Precreate">Create the writers' streams (one event each) before measuring; the op then expects version + 1.</param>
    private sealed record Variant(string Label, string? Extra, Func<PostgresEventStore?, NpgsqlDataSource, string?, int, int, long, Task> Op, bool Store = true, bool Precreate = false);

    private sealed record Sample(double Eps, double P50, double P99, CpuUsage Cpu);

    /// <summary>
    /// Single-event appends with 8 writers (and 1): Npgsql settings, the append notifier, and physical references
    /// (a raw one-row INSERT, a bare round trip). Variants run interleaved, rotating the order, several times;
    /// medians are reported, with CPU per event split into client (this process) and server (postgres).
    /// </summary>
    private static async Task SingleEventAsync(BenchDb db, Sizes sizes)
    {
        const string both = "No Reset On Close=true;Max Auto Prepare=32;Auto Prepare Min Usages=2";
        const string autoPrepare = "Max Auto Prepare=32;Auto Prepare Min Usages=2";
        Task StoreAppend(PostgresEventStore? store, NpgsqlDataSource _, string? __, int w, int stream, long version) =>
            store!.AppendAsync(BenchDb.StreamId(stream), BenchDb.StreamType, ExpectedVersion.Exact(version), [new NewEvent(BenchDb.Reading(stream, version + 1))]);
        Task Muted(PostgresEventStore? store, NpgsqlDataSource ds, string? table, int w, int stream, long version)
        {
            MuteNotifier(store!);
            return StoreAppend(store, ds, table, w, stream, version);
        }
        var variants = new List<Variant>
        {
            new("store, default settings", null, StoreAppend),
            new("store, No Reset On Close=true", "No Reset On Close=true", StoreAppend),
            new("store, Max Auto Prepare=32", "Max Auto Prepare=32;Auto Prepare Min Usages=2", StoreAppend),
            new("store, both", both, StoreAppend),
            new("store, default settings, notifier muted", null, Muted),
            new("store, both, synchronous_commit=off (diagnostic only)", both + ";Options=-c synchronous_commit=off", StoreAppend),
            new("raw one-row INSERT, autocommit (reference)", null, RawInsert, Store: false),
            new("raw one-row INSERT, both settings (reference)", both, RawInsert, Store: false),
            new("raw `select 1` round trip (reference)", null, (_, ds, _, _, _, _) => SelectOne(ds), Store: false),
            new("store's AppendExact SQL run directly, auto-prepared (experiment)", autoPrepare, StoreSqlDirect, Precreate: true),
            new("scalar one-event SQL, auto-prepared (experiment)", autoPrepare, ScalarSql, Precreate: true),
        };
        var reps = sizes.Name == "quick" ? 1 : 3;
        var duration = sizes.Name == "quick" ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(3);
        foreach (var writers in new[] { 8, 1 })
        {
            var list = writers == 8 ? variants : variants.Where(v => v.Label is "store, default settings" or "store, Max Auto Prepare=32" or "store, both" or "raw one-row INSERT, autocommit (reference)" or "raw one-row INSERT, both settings (reference)").ToList();
            Console.WriteLine($"\n-- single-event appends, {writers} writer(s), {reps} x {duration.TotalSeconds:F1} s per variant, interleaved");
            var samples = list.ToDictionary(v => v, _ => new List<Sample>());
            for (var rep = 0; rep < reps; rep++)
                for (var k = 0; k < list.Count; k++)
                {
                    var v = list[(k + rep) % list.Count];
                    samples[v].Add(await RunVariantAsync(db, v, writers, TimeSpan.FromSeconds(0.5), duration));
                }
            Console.WriteLine("| variant | events/s (median) | runs | p50 ms | p99 ms | client CPU µs/event | server CPU µs/event | machine busy |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|");
            foreach (var v in list)
            {
                var runs = samples[v];
                double Med(Func<Sample, double> f) { var x = runs.Select(f).OrderBy(d => d).ToArray(); return x[x.Length / 2]; }
                Console.WriteLine($"| {v.Label} | {Med(r => r.Eps):N0} | {string.Join(" / ", runs.Select(r => r.Eps.ToString("N0")))} | {Med(r => r.P50):F2} | {Med(r => r.P99):F2} | " +
                                  $"{Med(r => r.Cpu.ClientCores / r.Eps * 1e6):F0} | {Med(r => r.Cpu.ServerCores / r.Eps * 1e6):F0} | {Med(r => r.Cpu.MachineBusy) * 100:F0}% |");
            }
        }
    }

    private static async Task<Sample> RunVariantAsync(BenchDb db, Variant v, int writers, TimeSpan warmup, TimeSpan duration)
    {
        await using var ds = BenchDb.Create(db.ConnectionString, v.Extra);
        PostgresEventStore? store = null;
        string? rawSchema = null;
        if (v.Store)
        {
            store = await db.NewStoreAsync("inv_single", ds);
            if (v.Precreate)
                await store.AppendAsync(Enumerable.Range(0, 8 * 125).Select(i => new StreamAppend(BenchDb.StreamId(i), BenchDb.StreamType, ExpectedVersion.NoStream,
                    [new NewEvent(BenchDb.Reading(i, 0))])).ToList());
        }
        else
        {
            rawSchema = await db.NewCopyTableAsync("inv_raw");
            await db.ExecAsync($"create sequence \"{rawSchema}\".seq");
        }
        try
        {
            await db.ExecAsync("checkpoint");
            await CpuMeter.WaitForQuietAsync(TimeSpan.FromSeconds(30));
            var start = Stopwatch.GetTimestamp();
            var from = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            var to = from + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var meter = Task.Run(async () => { await Task.Delay(warmup); return CpuMeter.Start(); });
            var perWriter = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var latencies = new List<double>(50_000);
                var versions = new long[125];
                for (var i = 0; ; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (t0 >= to) break;
                    var k = i % versions.Length;
                    await v.Op(store, ds, rawSchema, w, w * versions.Length + k, versions[k]);
                    versions[k]++;
                    var t1 = Stopwatch.GetTimestamp();
                    if (t0 >= from && t1 <= to) latencies.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                }
                return latencies;
            })));
            var cpu = (await meter).Measure();
            var all = perWriter.SelectMany(l => l).OrderBy(x => x).ToList();
            return new Sample(all.Count / duration.TotalSeconds, Report.Percentile(all, 50), Report.Percentile(all, 99), cpu);
        }
        finally
        {
            if (store is not null)
            {
                await store.DisposeAsync();
                await db.DropSchemaAsync(store.Options.Schema);
            }
            if (rawSchema is not null) await db.DropSchemaAsync(rawSchema);
        }
    }

    /// <summary>
    /// What pooling does to session state the daemon relies on: ProjectionAgent and RebuildAsync take session
    /// advisory locks on a pooled connection and release them by disposing it ("the pool resets the connection").
    /// Checks, per setting, whether a lock taken on a connection is still held after the connection went back to the pool.
    /// </summary>
    private static async Task ResetSafetyAsync(BenchDb db)
    {
        Console.WriteLine("\n-- session advisory lock after the connection is returned to the pool");
        foreach (var extra in new[] { "Maximum Pool Size=1", "Maximum Pool Size=1;Max Auto Prepare=32;Auto Prepare Min Usages=2", "Maximum Pool Size=1;No Reset On Close=true" })
        {
            await using var ds = BenchDb.Create(db.ConnectionString, extra);
            await using (var conn = await ds.OpenConnectionAsync())
            {
                // With auto-prepare, make sure the connection holds prepared statements when it goes back.
                for (var i = 0; i < 3; i++)
                    await using (var cmd = new NpgsqlCommand("select $1::int", conn) { Parameters = { new() { Value = i } } })
                        await cmd.ExecuteScalarAsync();
                await using (var cmd = new NpgsqlCommand("select pg_try_advisory_lock(4242, 4242)", conn)) await cmd.ExecuteScalarAsync();
            }
            // The same physical connection again (pool of one): is the lock still held by it?
            await using (var conn = await ds.OpenConnectionAsync())
            await using (var cmd = new NpgsqlCommand("select count(*) from pg_locks where locktype = 'advisory' and classid = 4242 and objid = 4242 and pid = pg_backend_pid()", conn))
            {
                var held = (long)(await cmd.ExecuteScalarAsync())!;
                Console.WriteLine($"{extra}: lock {(held > 0 ? "STILL HELD after the connection was closed (leaks to the next user)" : "released by the pool's reset")}");
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", conn);
                await unlock.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>
    /// Experiment only: stops the store's AppendNotifier from sending pg_notify (its Signal() returns early while
    /// _pending is 1, and nothing resets it while its loop is waiting), to measure what the notifications cost.
    /// </summary>
    private static void MuteNotifier(PostgresEventStore store)
    {
        var notifier = typeof(PostgresEventStore).GetField("_notifier", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
        var pending = notifier.GetType().GetField("_pending", BindingFlags.NonPublic | BindingFlags.Instance)!;
        pending.SetValue(notifier, 1);
    }

    /// <summary>One event row (same columns the store fills, position from a sequence) per autocommit INSERT.</summary>
    private static async Task RawInsert(PostgresEventStore? _, NpgsqlDataSource ds, string? schema, int w, int stream, long version)
    {
        await using var cmd = ds.CreateCommand($"""
            insert into "{schema}".events (position, stream_id, version, event_id, type, data, timestamp)
            values (nextval('"{schema}".seq'), $1, $2, $3, $4, $5::jsonb, $6)
            """);
        cmd.Parameters.Add(new() { Value = BenchDb.StreamId(stream), NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = version + 1, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = Guid.CreateVersion7(), NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = BenchDb.EventType, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = System.Text.Json.JsonSerializer.Serialize(BenchDb.Reading(stream, version + 1)), NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The store's own single-stream statement (Sql.AppendExact: stream step + unnest of 10 one-element arrays) with the
    /// parameters the store sends, through raw Npgsql: the store's server-side cost without its client-side work
    /// (PreparedAppend, LINQ, result building, notifier).
    /// </summary>
    private static async Task StoreSqlDirect(PostgresEventStore? store, NpgsqlDataSource ds, string? _, int w, int stream, long version)
    {
        await using var cmd = ds.CreateCommand(store!.SqlText.AppendExact);
        var p = cmd.Parameters;
        p.Add(new() { Value = BenchDb.StreamId(stream), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = BenchDb.StreamType, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = 1L, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = version + 1, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = new[] { Guid.CreateVersion7() }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new() { Value = new[] { BenchDb.EventType }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = new[] { System.Text.Json.JsonSerializer.Serialize(BenchDb.Reading(stream, version + 2)) }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        for (var i = 0; i < 4; i++) p.Add(new() { Value = new string?[] { null }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = new string?[] { null }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        p.Add(new() { Value = new[] { DateTime.UtcNow }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = new string?[] { null }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) throw new InvalidOperationException("version conflict");
    }

    /// <summary>The same append as one scalar-parameter statement (what a dedicated one-event path could send).</summary>
    private static async Task ScalarSql(PostgresEventStore? store, NpgsqlDataSource ds, string? _, int w, int stream, long version)
    {
        var s = store!.SqlText.Schema;
        await using var cmd = ds.CreateCommand($"""
            with st as (
              update {s}.streams as st set version = st.version + 1, last_tx = pg_current_xact_id()
              where st.id = $1 and st.version = $2 and st.last_tx <= pg_current_xact_id() and not st.tombstoned
              returning st.version, st.archived)
            insert into {s}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id, user_id, tenant, headers, timestamp, idempotency_key, archived)
            select nextval('{s}.event_position'), $1, st.version, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, st.archived from st
            returning position, version
            """);
        var p = cmd.Parameters;
        p.Add(new() { Value = BenchDb.StreamId(stream), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = version + 1, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = Guid.CreateVersion7(), NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new() { Value = BenchDb.EventType, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = System.Text.Json.JsonSerializer.Serialize(BenchDb.Reading(stream, version + 2)), NpgsqlDbType = NpgsqlDbType.Jsonb });
        for (var i = 0; i < 4; i++) p.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) throw new InvalidOperationException("version conflict");
    }

    private static async Task SelectOne(NpgsqlDataSource ds)
    {
        await using var cmd = ds.CreateCommand("select 1");
        await cmd.ExecuteScalarAsync();
    }
}
