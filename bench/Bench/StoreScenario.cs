using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventStore;
using EventStore.Projections;
using Npgsql;

namespace Bench;

/// <summary>
/// The `store` scenario: append throughput (1, 100, 1,000 events per transaction) against a raw binary COPY
/// reference, 8 concurrent single-event writers, projection daemon catch-up and rebuild. Every measurement runs in
/// a fresh schema that is dropped afterwards.
/// </summary>
public static class StoreScenario
{
    public static async Task<string> RunAsync(BenchDb db, Sizes sizes)
    {
        var total = Stopwatch.StartNew();
        var loadAtStart = CpuMeter.LoadAverage();
        await PrintMachineAsync(db, sizes);
        var report = new Report();

        Console.WriteLine("warm-up (JIT, pool) ...");
        await WarmUpAsync(db);

        if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "concurrent")
        {
            // Diagnostics: the concurrent measurement alone, BENCH_REPEAT times; with BENCH_AB=setbased every other
            // round writes combined one-event appends one statement each instead of set-based (an A/B on one machine state);
            // BENCH_AB=yield: every other round without the yield between batches; BENCH_AB=fillfactor: streams at fillfactor 50.
            var repeat = int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPEAT"), out var n) ? n : 1;
            var ab = Environment.GetEnvironmentVariable("BENCH_AB");
            for (var i = 0; i < repeat; i++)
                await ConcurrentAsync(db, sizes, report, writers: 8, setBased: ab != "setbased" || i % 2 == 0, yieldBetween: ab != "yield" || i % 2 == 0,
                    fillFactor: ab == "fillfactor" && i % 2 == 1 ? 50 : null);
            report.Print();
            return "RESULT only=concurrent";
        }
        var (appendEps, copyRps) = await AppendVersusCopyAsync(db, sizes, report);
        await Batch100Async(db, sizes, report);
        await Batch1Async(db, sizes, report);
        var (c8Eps, c8P99) = await ConcurrentAsync(db, sizes, report, writers: 8);
        var (catchupEps, rebuildEps) = await DaemonAsync(db, sizes, report);

        report.Print();
        Console.WriteLine($"scenario store ({sizes.Name}) took {total.Elapsed.TotalSeconds:F1} s; load average (1 min) at start {loadAtStart}, at end {CpuMeter.LoadAverage()}");
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT append_eps={appendEps:F0} copy_rps={copyRps:F0} append_copy_ratio={appendEps / copyRps:F2} concurrent8_eps={c8Eps:F0} concurrent8_p99_ms={c8P99:F2} catchup_eps={catchupEps:F0} catchup_copy_ratio={catchupEps / copyRps:F2} rebuild_eps={rebuildEps:F0}");
    }

    private static async Task PrintMachineAsync(BenchDb db, Sizes sizes)
    {
        var mem = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':')[1].Trim() : "?";
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() : "?";
        var json = JsonSerializer.Serialize(BenchDb.Reading(42, 123_456), db.Json);
        var settings = await db.LinesAsync("select name || '=' || current_setting(name) from pg_settings where name in ('shared_buffers', 'fsync', 'synchronous_commit', 'wal_level', 'max_wal_size', 'autovacuum') order by name");
        Console.WriteLine($"bench store ({sizes.Name}): {sizes.Events:N0} events over {sizes.Streams:N0} streams, batch-1 on {sizes.Batch1Events:N0}, concurrent {sizes.Concurrent.TotalSeconds:F0} s");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({cpu}), memory {mem}; PostgreSQL {await db.ServerVersionAsync()} ({string.Join(", ", settings)})");
        var horizon = await db.LinesAsync("select slot_name || ' (xmin age ' || age(xmin) || ')' from pg_replication_slots where xmin is not null");
        Console.WriteLine($"xmin horizon held by a standby's feedback: {(horizon.Count == 0 ? "no" : string.Join(", ", horizon))}");
        Console.WriteLine($".NET {Environment.Version}, Npgsql {typeof(NpgsqlConnection).Assembly.GetName().Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"event JSON ({System.Text.Encoding.UTF8.GetByteCount(json)} bytes): {json}");
    }

    private static async Task WarmUpAsync(BenchDb db)
    {
        var store = await db.NewStoreAsync("warmup");
        var copy = await db.NewCopyTableAsync("warmupcopy");
        try
        {
            var writer = new StoreWriter(store, 100);
            await writer.WriteAsync(3_000, 10, 100);
            await writer.WriteAsync(1_000, 1, 100);
            await writer.WriteAsync(300, 1, 1);
            // The concurrent path (combined appends) as well: a host that has run for a while has it compiled at
            // full tier; measured cold, the first seconds of the 8-writer run were a third slower than the rest.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 2_500; i++)
                    await store.AppendAsync(BenchDb.StreamId(90_000 + w), BenchDb.StreamType, ExpectedVersion.Exact(i), [new NewEvent(BenchDb.Reading(w, i))]);
            })));
            await new CopyWriter(db, copy, 100).WriteAsync(3_000, 10, 100);
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
            await db.DropSchemaAsync(copy);
        }
    }

    /// <summary>
    /// Before a measurement: a CHECKPOINT (so that an earlier phase's dirty buffers are not flushed during this one),
    /// then waiting for the shared machine to be quiet (other builds and tests run here); the CPU share that was
    /// still busy goes into the row's notes.
    /// </summary>
    private static async Task SettleAsync(BenchDb db, Sizes sizes, Report report)
    {
        await db.ExecAsync("checkpoint");
        var busy = await CpuMeter.WaitForQuietAsync(sizes.QuietWait);
        report.Background = $"machine {busy * 100:F0}% busy before";
    }

    /// <summary>
    /// Store append (10 streams x 100 events, one multi-stream AppendAsync per transaction) and raw COPY of the same
    /// rows, 1,000 per transaction, interleaved in rounds (ABBA order) so that machine noise hits both alike.
    /// </summary>
    private static async Task<(double AppendEps, double CopyRps)> AppendVersusCopyAsync(BenchDb db, Sizes sizes, Report report)
    {
        Console.WriteLine("append 1,000/tx vs raw COPY 1,000/tx, interleaved ...");
        var store = await db.NewStoreAsync("append1000");
        var copySchema = await db.NewCopyTableAsync("copy1000");
        try
        {
            var appendWriter = new StoreWriter(store, sizes.Streams);
            var copyWriter = new CopyWriter(db, copySchema, sizes.Streams);
            var perRound = sizes.Events / sizes.Rounds;
            double appendS = 0, copyS = 0;
            var perRoundNotes = new List<string>();
            var background = new List<string>();
            for (var round = 0; round < sizes.Rounds; round++)
            {
                await SettleAsync(db, sizes, report);
                background.Add($"{report.Background!.Split(' ')[1]}");
                var sw = new Stopwatch();
                async Task<double> Append() { sw.Restart(); await appendWriter.WriteAsync(perRound, 10, 100); return sw.Elapsed.TotalSeconds; }
                async Task<double> Copy() { sw.Restart(); await copyWriter.WriteAsync(perRound, 10, 100); return sw.Elapsed.TotalSeconds; }
                double a, c;
                if (round % 2 == 0) { c = await Copy(); a = await Append(); }
                else { a = await Append(); c = await Copy(); }
                appendS += a;
                copyS += c;
                perRoundNotes.Add(Report.F2(perRound / a / (perRound / c)));
            }
            var n = perRound * sizes.Rounds;
            report.Background = "machine busy before each round " + string.Join(", ", background);
            var copyRow = report.Add(new Row("raw binary COPY (reference)", n, "1,000", copyS, n / copyS,
                "plain table, same columns and indexes; one COPY per tx"));
            report.Background = "machine busy before each round " + string.Join(", ", background);
            var appendRow = report.Add(new Row("append, 10 streams x 100 (multi-stream)", n, "1,000", appendS, n / appendS,
                $"exact versions; ratio to COPY {Report.F2(copyS / appendS)} (per round: {string.Join(", ", perRoundNotes)})"));
            return (appendRow.EventsPerSecond, copyRow.EventsPerSecond);
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
            await db.DropSchemaAsync(copySchema);
        }
    }

    /// <summary>Single-stream appends of 100 events (COPY path: 100 >= CopyThreshold 64), with a 100-row COPY reference interleaved.</summary>
    private static async Task Batch100Async(BenchDb db, Sizes sizes, Report report)
    {
        Console.WriteLine("append 100/tx (single stream) vs raw COPY 100/tx ...");
        var store = await db.NewStoreAsync("append100");
        var copySchema = await db.NewCopyTableAsync("copy100");
        try
        {
            var appendWriter = new StoreWriter(store, sizes.Streams);
            var copyWriter = new CopyWriter(db, copySchema, sizes.Streams);
            var perRound = sizes.Events / sizes.Rounds;
            double appendS = 0, copyS = 0;
            var latencies = new List<double>();
            var background = new List<string>();
            for (var round = 0; round < sizes.Rounds; round++)
            {
                await SettleAsync(db, sizes, report);
                background.Add($"{report.Background!.Split(' ')[1]}");
                var sw = Stopwatch.StartNew();
                if (round % 2 == 0) { await copyWriter.WriteAsync(perRound, 1, 100); copyS += sw.Elapsed.TotalSeconds; sw.Restart(); }
                await appendWriter.WriteAsync(perRound, 1, 100, latencies);
                appendS += sw.Elapsed.TotalSeconds;
                if (round % 2 == 1) { sw.Restart(); await copyWriter.WriteAsync(perRound, 1, 100); copyS += sw.Elapsed.TotalSeconds; }
            }
            var n = perRound * sizes.Rounds;
            report.Background = "machine busy before each round " + string.Join(", ", background);
            report.Add(new Row("raw binary COPY 100/tx (reference)", n, "100", copyS, n / copyS, "one COPY per tx"));
            report.Background = "machine busy before each round " + string.Join(", ", background);
            report.Add(new Row("append, 1 stream x 100", n, "100", appendS, n / appendS,
                $"exact versions; ratio to COPY 100/tx {Report.F2(copyS / appendS)}; per append {Report.Latencies(latencies)}"));
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
            await db.DropSchemaAsync(copySchema);
        }
    }

    /// <summary>One writer, one event per append (one INSERT statement, autocommit), round-robin over the streams.</summary>
    private static async Task Batch1Async(BenchDb db, Sizes sizes, Report report)
    {
        Console.WriteLine($"append 1/tx, single writer, {sizes.Batch1Events:N0} events ...");
        var store = await db.NewStoreAsync("append1");
        try
        {
            await SettleAsync(db, sizes, report);
            var latencies = new List<double>(sizes.Batch1Events);
            var sw = Stopwatch.StartNew();
            var meter = CpuMeter.Start();
            await new StoreWriter(store, sizes.Streams).WriteAsync(sizes.Batch1Events, 1, 1, latencies);
            var cpu = meter.Stop();
            var s = sw.Elapsed.TotalSeconds;
            report.Add(new Row("append, 1 stream x 1, single writer", sizes.Batch1Events, "1", s, sizes.Batch1Events / s,
                $"only {sizes.Batch1Events:N0} events (one commit each); exact versions; {Report.Latencies(latencies)}; {cpu}"));
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
        }
    }

    /// <summary>
    /// <paramref name="writers"/> tasks, each appending single events to its own streams (exact versions), for a warm-up and
    /// then the measured window; a call counts when it starts and ends inside the window.
    /// </summary>
    private static async Task<(double Eps, double P99)> ConcurrentAsync(BenchDb db, Sizes sizes, Report report, int writers, bool setBased = true, bool yieldBetween = true,
        int? fillFactor = null)
    {
        Console.WriteLine($"{writers} concurrent writers, 1 event/tx ...");
        var store = await db.NewStoreAsync($"concurrent{writers}");
        store.SetBasedSingles = setBased;
        store.YieldBetweenBatches = yieldBetween;
        if (fillFactor is { } ff) await db.ExecAsync($"alter table \"{store.Options.Schema}\".streams set (fillfactor = {ff})");
        try
        {
            await SettleAsync(db, sizes, report);
            var streamsPerWriter = Math.Max(1, sizes.Streams / writers);
            var start = Stopwatch.GetTimestamp();
            var from = start + (long)(sizes.ConcurrentWarmup.TotalSeconds * Stopwatch.Frequency);
            var to = from + (long)(sizes.Concurrent.TotalSeconds * Stopwatch.Frequency);
            var meter = Task.Run(async () => { await Task.Delay(sizes.ConcurrentWarmup); return CpuMeter.Start(); });
            var perWriter = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var latencies = new List<double>(50_000);
                var versions = new long[streamsPerWriter];
                long seq = 0;
                for (var i = 0; ; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (t0 >= to) break;
                    var k = i % streamsPerWriter;
                    var stream = w * streamsPerWriter + k;
                    await store.AppendAsync(BenchDb.StreamId(stream), BenchDb.StreamType, ExpectedVersion.Exact(versions[k]),
                        [new NewEvent(BenchDb.Reading(stream, ++seq))]);
                    versions[k]++;
                    var t1 = Stopwatch.GetTimestamp();
                    if (t0 >= from && t1 <= to) latencies.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                }
                return latencies;
            })));
            var cpu = (await meter).Stop();
            var all = perWriter.SelectMany(l => l).ToList();
            var seconds = sizes.Concurrent.TotalSeconds;
            var eps = all.Count / seconds;
            var lat = Report.Latencies(all);
            var p99 = Report.Percentile(all, 99);
            var (batches, combined) = store.CombinedCounts;
            // Whether the streams table's updates stayed HOT (page-local, no index entry): they do not when something holds
            // the xmin horizon back (a standby's hot_standby_feedback), and the append then slows (docs/benchmarks.md).
            var hot = string.Join("", await db.LinesAsync($"select 'streams table: ' || s.n_tup_upd || ' updates, ' || round(100.0 * s.n_tup_hot_upd / greatest(s.n_tup_upd, 1)) || '% HOT, ' || pg_relation_size(c.oid) / 8192 || ' pages' || coalesce(' (' || array_to_string(c.reloptions, ',') || ')', '') from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.schemaname = '{store.Options.Schema}' and s.relname = 'streams'"));
            var combining = store.Options.CombineConcurrentAppends
                ? $"combined appends on ({store.Options.CombinedAppendTransactions} in flight{(store.SetBasedSingles ? ", set-based" : ", one statement each")}{(store.YieldBetweenBatches ? ", yield" : "")}): {combined:N0} appends in {batches:N0} shared commits (mean {(batches == 0 ? 0 : (double)combined / batches):F1})"
                : "combined appends off";
            report.Add(new Row($"{writers} concurrent writers, 1 stream x 1", all.Count, "1", seconds, eps,
                $"{streamsPerWriter} own streams each, exact versions, {sizes.ConcurrentWarmup.TotalSeconds:F1} s warm-up not counted; per append {lat}; {combining}; {hot}; {cpu}"));
            return (eps, p99);
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
        }
    }

    /// <summary>
    /// Loads the events (append 10 x 100 per tx) into a fresh schema whose events table has autovacuum disabled, so
    /// PostgreSQL has no statistics for it; then times a daemon catching up one projection from zero (StartAsync
    /// to WaitForCatchUpAsync), a RebuildAsync of it, and both again after ANALYZE.
    /// </summary>
    private static async Task<(double CatchupEps, double RebuildEps)> DaemonAsync(BenchDb db, Sizes sizes, Report report)
    {
        Console.WriteLine("daemon: load, catch-up, rebuild ...");
        var store = await db.NewStoreAsync("daemon", disableAutovacuum: true);
        var schema = store.Options.Schema;
        try
        {
            await SettleAsync(db, sizes, report);
            var sw = Stopwatch.StartNew();
            await new StoreWriter(store, sizes.Streams).WriteAsync(sizes.Events, 10, 100);
            report.Add(new Row("load for the daemon (append 10 x 100)", sizes.Events, "1,000", sw.Elapsed.TotalSeconds, sizes.Events / sw.Elapsed.TotalSeconds,
                "events table with autovacuum_enabled = false"));
            var stats = await StatsAsync(db, schema);
            Console.WriteLine($"  events table statistics before catch-up: {stats}");
            await SettleAsync(db, sizes, report);

            var options = new DaemonOptions { BatchSize = 5000 };
            var projection = new StreamCountsProjection("counts");
            await using var daemon = new ProjectionDaemon(store, [projection], options);
            var (catchup, cpu) = await CatchUpAsync(db, store, daemon, projection, sizes);
            report.Add(new Row("daemon catch-up, no statistics", sizes.Events, "5,000", catchup, sizes.Events / catchup,
                $"StartAsync to WaitForCatchUpAsync; 1 projection, 1 upsert/batch, DeserializeEvents=false; table never analyzed ({stats}); {cpu}"));

            await SettleAsync(db, sizes, report);
            var (rebuild, cpuR) = await RebuildAsync(db, store, daemon, projection, sizes);
            report.Add(new Row("daemon RebuildAsync, no statistics", sizes.Events, "5,000", rebuild, sizes.Events / rebuild,
                $"same projection from zero, daemon running (idle); stats still: {await StatsAsync(db, schema)}; {cpuR}"));
            await daemon.StopAsync();

            // Extra rows: the same after ANALYZE (what a production table normally has).
            await db.ExecAsync($"analyze \"{schema}\".events");
            await SettleAsync(db, sizes, report);
            var analyzed = new StreamCountsProjection("counts_analyzed");
            await using var daemon2 = new ProjectionDaemon(store, [analyzed], options);
            var (catchup2, cpu2) = await CatchUpAsync(db, store, daemon2, analyzed, sizes);
            report.Add(new Row("daemon catch-up, after ANALYZE", sizes.Events, "5,000", catchup2, sizes.Events / catchup2, $"extra: same, new projection, after ANALYZE; {cpu2}"));
            await SettleAsync(db, sizes, report);
            var (rebuild2, cpuR2) = await RebuildAsync(db, store, daemon2, analyzed, sizes);
            report.Add(new Row("daemon RebuildAsync, after ANALYZE", sizes.Events, "5,000", rebuild2, sizes.Events / rebuild2, $"extra; {cpuR2}"));
            await daemon2.StopAsync();
            return (sizes.Events / catchup, sizes.Events / rebuild);
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(schema);
        }
    }

    private static async Task<(double Seconds, string Cpu)> CatchUpAsync(BenchDb db, PostgresEventStore store, ProjectionDaemon daemon, StreamCountsProjection projection, Sizes sizes)
    {
        var meter = CpuMeter.Start();
        var sw = Stopwatch.StartNew();
        await daemon.StartAsync();
        if (!await daemon.WaitForCatchUpAsync(projection.Name, TimeSpan.FromMinutes(15)))
            throw new InvalidOperationException($"{projection.Name} did not catch up within 15 minutes");
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        await VerifyAsync(db, store, projection, sizes);
        return (seconds, cpu);
    }

    private static async Task<(double Seconds, string Cpu)> RebuildAsync(BenchDb db, PostgresEventStore store, ProjectionDaemon daemon, StreamCountsProjection projection, Sizes sizes)
    {
        var meter = CpuMeter.Start();
        var sw = Stopwatch.StartNew();
        await daemon.RebuildAsync(projection.Name);
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        await VerifyAsync(db, store, projection, sizes);
        return (seconds, cpu);
    }

    /// <summary>The read model (through its view) must hold every event exactly once.</summary>
    private static async Task VerifyAsync(BenchDb db, PostgresEventStore store, StreamCountsProjection projection, Sizes sizes)
    {
        var counted = await db.ScalarAsync<decimal>($"select coalesce(sum(count), 0) from \"{store.Options.Schema}\".\"{projection.TableName}\"");
        if (counted != sizes.Events) throw new InvalidOperationException($"{projection.Name}: read model counts {counted} events, expected {sizes.Events}");
    }

    public static async Task<string> StatsAsync(BenchDb db, string schema)
    {
        var lines = await db.LinesAsync($"""
            select 'reltuples=' || c.reltuples, 'analyzed=' || (s.last_analyze is not null or s.last_autoanalyze is not null),
                   'pg_stats rows=' || (select count(*) from pg_stats where schemaname = '{schema}' and tablename = 'events')
              from pg_class c join pg_stat_user_tables s on s.relid = c.oid
             where c.oid = '"{schema}".events'::regclass
            """);
        return string.Join("; ", lines).Replace(" | ", ", ", StringComparison.Ordinal);
    }
}
