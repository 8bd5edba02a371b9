using System.Diagnostics;
using System.Globalization;
using Bench.Api;
using EventStore;
using EventStore.Projections;
using Npgsql;

namespace Bench.Projections;

/// <summary>Sizes of one run: full (the documented figures) or --quick (a smoke run, same keys).</summary>
/// <param name="Tenants">Each tenant's panels (one site each); the first is the big tenant whose reports are timed.</param>
/// <param name="Repetitions">Timed requests per report query (after one untimed warm-up request each).</param>
public sealed record ProjectionSizes(string Name, IReadOnlyList<(string Tenant, int Panels)> Tenants, int Repetitions)
{
    public static ProjectionSizes Full { get; } = new("full", [("bench-big", 1_000), ("bench-small", 160)], 20);
    public static ProjectionSizes Quick { get; } = new("quick", [("bench-big", 100), ("bench-small", 16)], 5);
}

/// <summary>
/// <c>bench/run.sh projections</c>: a simulated fleet's year (about 1,000,000 domain events, ~870 per panel) appended
/// to the Host's schema while the Host (started by bench/run.sh) projects it live; then every report read model
/// rebuilt from zero at once with <see cref="ProjectionDaemon.RebuildAsync"/> (events in the log per second of wall
/// time), then each report query timed over HTTP, one request at a time, against the rebuilt read models.
/// </summary>
public static class ProjectionsScenario
{
    private const double ArmingShare = 0.85;

    public static async Task<string> RunAsync(string pg, bool quick)
    {
        var url = Env("BENCH_API_URL") ?? throw new InvalidOperationException("BENCH_API_URL is not set: run through bench/run.sh projections");
        var key = Env("BENCH_API_SIGNING_KEY") ?? throw new InvalidOperationException("BENCH_API_SIGNING_KEY is not set");
        var schema = Env("BENCH_PROJ_SCHEMA") ?? "bench_projections";
        var hostPid = int.TryParse(Env("BENCH_HOST_PID"), out var pid) ? pid : 0;
        var sizes = quick ? ProjectionSizes.Quick : ProjectionSizes.Full;
        Console.WriteLine($"projections ({sizes.Name}): Host {url} (pid {hostPid}, schema {schema}), load average {CpuMeter.LoadAverage()}, {Environment.ProcessorCount} cores");

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        await HostProcess.WaitReadyAsync(http, hostPid, TimeSpan.FromSeconds(120));

        await using var dataSource = BenchDb.Create(pg);
        await using var store = new PostgresEventStore(dataSource, new EventStoreOptions { Schema = schema, Types = ApiSeed.Types() });
        await store.MigrateAsync();
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var history = new FleetHistory(today.AddDays(-365), 365, seed: 2026);

        // 1. Seed, while the Host's daemon projects live (as in production).
        var (tenants, events, seedSeconds) = await FleetSeed.AppendAsync(store, history, sizes.Tenants, ArmingShare);
        Console.WriteLine($"  .. appended {events:N0} events in {seedSeconds:F1} s ({events / seedSeconds:N0}/s)");
        var all = global::Projections.ProjectionCatalogue.All();
        await using var daemon = new ProjectionDaemon(store, all, new DaemonOptions());
        var live = Stopwatch.StartNew();
        foreach (var p in all)
            if (!await daemon.WaitForCatchUpAsync(p.Name, TimeSpan.FromMinutes(30)))
                throw new TimeoutException($"the Host's daemon did not catch up {p.Name} within 30 minutes");
        Console.WriteLine($"  .. the Host's daemon caught up {live.Elapsed.TotalSeconds:F1} s after the last append");

        // 2. Rebuild every report read model from zero, all at once (each has its own runner, as in the daemon).
        var reports = all.Where(p => p.GetType().Namespace == "Projections.Reports").ToList();
        await CpuMeter.WaitForQuietAsync(TimeSpan.FromSeconds(quick ? 2 : 20));
        var meter = CpuMeter.Start();
        var rebuild = Stopwatch.StartNew();
        var finished = new Dictionary<string, double>();
        await Task.WhenAll(reports.Select(async p =>
        {
            await daemon.RebuildAsync(p.Name);
            lock (finished) finished[p.Name] = rebuild.Elapsed.TotalSeconds;
        }));
        var rebuildSeconds = rebuild.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        var rebuildEps = events / rebuildSeconds;
        Console.WriteLine($"  .. rebuilt {reports.Count} report read models over {events:N0} events in {rebuildSeconds:F1} s: {rebuildEps:N0} events/s; {cpu}");
        foreach (var (name, seconds) in finished.OrderBy(f => f.Value)) Console.WriteLine($"     {name,-26} done after {seconds,6:F1} s");
        if (Environment.GetEnvironmentVariable("BENCH_REBUILD_AB") == "1")
        {
            // Diagnostic: the same rebuild with the readers' indexes maintained throughout, then deferred again, on
            // the same data in the same minutes (the machine is shared: compare within the run).
            foreach (var defer in new[] { false, true, false, true })
            {
                await using var ab = new ProjectionDaemon(store, all, new DaemonOptions { DeferReadIndexesInRebuild = defer });
                await CpuMeter.WaitForQuietAsync(TimeSpan.FromSeconds(quick ? 2 : 20));
                var abMeter = CpuMeter.Start();
                var abClock = Stopwatch.StartNew();
                await Task.WhenAll(reports.Select(p => ab.RebuildAsync(p.Name)));
                Console.WriteLine($"  .. A/B rebuild, read indexes {(defer ? "deferred" : "maintained")}: {events / abClock.Elapsed.TotalSeconds:N0} events/s; {abMeter.Stop()}");
            }
        }
        foreach (var line in await RowCountsAsync(dataSource, schema, reports)) Console.WriteLine($"     {line}");
        // What autovacuum would do shortly after a rebuild; measured plans assume statistics and a visibility map.
        foreach (var p in reports)
        {
            await using var gen = dataSource.CreateCommand($"select live_generation from \"{schema}\".projections where name = '{p.Name}'");
            var generation = (int)(await gen.ExecuteScalarAsync())!;
            await ExecAsync(dataSource, string.Join(";", p.Tables.Select(t => $"vacuum analyze \"{schema}\".\"{t.Name}_g{generation}\"")));
        }

        // 3. Every report query, one request at a time, against the big tenant.
        var token = BenchTokens.For(key, "bench-auditor", "auditor", tenants[0].Tenant);
        var year = ReportQueries.Year(history);
        var deepPage = quick ? 30 : 300;
        var cursors = new Dictionary<string, string>
        {
            ["alarms"] = await ReportTimer.NextCursorAsync(http, token, $"/api/reports/alarms?{year}&page={deepPage - 1}"),
            ["arming"] = await ReportTimer.NextCursorAsync(http, token, $"/api/reports/arming?{year}&page={deepPage - 1}"),
            // The uptime pages before page 20 of a month (2 in a quick run: 100 panels, 3,000 rows).
            ["connectivity"] = await ReportTimer.NextCursorAsync(http, token, $"/api/reports/connectivity?{ReportQueries.Month(history)}&pageSize=1000&page={(quick ? 2 : 19)}"),
            ["connectivity-page"] = quick ? "3" : "20",
        };
        var timings = await ReportTimer.RunAsync(http, token, ReportQueries.For(tenants[0], history, deepPage, cursors), sizes.Repetitions);
        var worst = timings.MaxBy(t => t.P95)!;
        var perReport = timings.GroupBy(t => t.Query.Report)
            .Select(g => (Report: g.Key, P95: Report.Percentile([.. g.SelectMany(t => t.Ms).Order()], 95))).ToList();
        Console.WriteLine($"  .. slowest query at p95: {worst.Query.Report} {worst.Query.Name}, {worst.P95:F1} ms");
        var reportKeys = string.Join(' ', perReport.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Report.Replace('/', '_').Replace('-', '_')}_p95_ms={r.P95:F1}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT rebuild_eps={rebuildEps:F0} report_p95_ms={worst.P95:F1} events={events} rebuild_s={rebuildSeconds:F1} seed_eps={events / seedSeconds:F0} {reportKeys} errors={timings.Sum(t => t.Errors)}");
    }

    private static async Task<List<string>> RowCountsAsync(NpgsqlDataSource dataSource, string schema, IEnumerable<Projection> projections)
    {
        var lines = new List<string>();
        foreach (var table in projections.SelectMany(p => p.Tables))
        {
            await using var cmd = dataSource.CreateCommand($"select count(*) from \"{schema}\".\"{table.Name}\"");
            lines.Add($"{table.Name,-26} {(long)(await cmd.ExecuteScalarAsync())!,12:N0} rows");
        }
        return lines;
    }

    private static async Task ExecAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        foreach (var statement in sql.Split(';'))
        {
            await using var cmd = new NpgsqlCommand(statement, conn) { CommandTimeout = 600 };
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
