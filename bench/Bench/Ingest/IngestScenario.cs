using System.Diagnostics;
using System.Globalization;
using Bench.Api;
using EventStore;
using PanelSimulator;

namespace Bench.Ingest;

/// <summary>
/// <c>bench/run.sh ingest</c>: a simulated panel fleet in this process, one PanelIngest and the Host as their own
/// processes (started by bench/run.sh on the schema <c>bench_ingest</c> and an exchange of their own), RabbitMQ and
/// PostgreSQL between them. Panels are registered through the store; once the Host has recorded every panel as
/// connected, random traffic starts; after a warm-up the window is measured; then the traffic stops, the pipeline
/// drains, and the store is compared with the simulator's ground truth.
/// </summary>
public static class IngestScenario
{
    public static async Task<string> RunAsync(string pg, bool quick)
    {
        var sizes = (quick ? IngestSizes.Quick : IngestSizes.Full).WithEnvironment();
        var schema = Environment.GetEnvironmentVariable("BENCH_INGEST_SCHEMA") ?? "bench_ingest";
        if (!schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) throw new ArgumentException($"schema {schema}: a plain identifier please");
        var hostPid = Pid("BENCH_HOST_PID");
        var ingestPid = Pid("BENCH_INGEST_PID");
        var url = Environment.GetEnvironmentVariable("BENCH_API_URL")
            ?? throw new InvalidOperationException("BENCH_API_URL is not set: run the ingest scenario through bench/run.sh ingest, which starts the Host and the ingest");
        Console.WriteLine($"ingest ({sizes.Name}): {sizes.Panels:N0} panels x {sizes.Rate} events/s, {sizes.Warmup.TotalSeconds:F0} s warm-up + {sizes.Window.TotalSeconds:F0} s window; " +
                          $"Host pid {hostPid}, ingest pid {ingestPid}, schema {schema}; load average {CpuMeter.LoadAverage()}, {Environment.ProcessorCount} cores");

        using (var http = new HttpClient { BaseAddress = new Uri(url) })
            await HostProcess.WaitReadyAsync(http, hostPid, TimeSpan.FromSeconds(120));
        await using var dataSource = BenchDb.Create(pg);
        await using var store = new PostgresEventStore(dataSource, new EventStoreOptions { Schema = schema, Types = ApiSeed.Types() });
        await store.MigrateAsync(); // done by the Host already: a no-op
        var stored = new StoredRecords(dataSource, schema);

        var truth = new GroundTruthLog();
        var clock = Stopwatch.StartNew();
        await using var fleet = await SimulatorFleet.StartAsync(IngestSeed.Fleet(IngestSeed.NewPanelIds(sizes.Panels)));
        fleet.EventGenerated += truth.Add;
        Console.WriteLine($"  .. {sizes.Panels:N0} simulated modules listening on 127.0.0.1 ({fleet.Servers[0].EndPoint.Port}…) after {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        await IngestSeed.RegisterAsync(store, fleet.Servers);
        Console.WriteLine($"  .. registered {sizes.Panels:N0} panels ({(sizes.Panels + 9) / 10} sites) through the store in {clock.Elapsed.TotalSeconds:F1} s");
        var connectSeconds = await WaitConnectedAsync(stored, fleet, sizes, hostPid, ingestPid);

        var pids = new Dictionary<string, int> { ["ingest"] = ingestPid, ["host"] = hostPid, ["simulator (bench)"] = Environment.ProcessId };
        var idleSampler = ProcessSampler.Start(pids, "postgres", "beam.smp");
        await Task.Delay(sizes.Idle);
        var (idle, idleBusy, _) = await idleSampler.StopAsync();
        await idleSampler.DisposeAsync();
        Console.WriteLine($"  .. idle ({sizes.Idle.TotalSeconds:F0} s, every panel polled, no traffic): " +
                          string.Join(", ", idle.Select(u => $"{u.Name} {u.Cores:F3}")) + $" cores; machine {idleBusy * 100:F0}% busy");

        // Traffic only now: every record is generated while its panel is connected, so latency is the pipeline's.
        var traffic = new TrafficScheduler();
        for (var i = 0; i < fleet.Servers.Count; i++) traffic.AddRandomTraffic(fleet.Servers[i].Panel, sizes.Rate, 7919 + i);
        var trafficStart = DateTimeOffset.UtcNow;
        await Progress(stored, truth, sizes.Warmup, hostPid, ingestPid);
        await using var sampler = ProcessSampler.Start(pids, "postgres", "beam.smp");
        await using var activity = PgActivitySampler.Start(dataSource, schema);
        var from = DateTimeOffset.UtcNow;
        var busyBefore = CpuMeter.LoadAverage();
        await Progress(stored, truth, sizes.Window, hostPid, ingestPid);
        var to = DateTimeOffset.UtcNow;
        var (usage, machineBusy, others) = await sampler.StopAsync();
        var sessions = await activity.StopAsync();
        await traffic.DisposeAsync();

        var (drain, drained) = await DrainAsync(stored, truth, sizes.DrainTimeout);
        var analysis = IngestAnalysis.Of(truth.Snapshot(), await stored.ReadAsync(), from, to);
        var connections = fleet.Servers.Sum(s => s.ConnectionsAccepted);
        var busyRefusals = fleet.Servers.Sum(s => s.BusyRefusals);
        var deadLetters = await stored.DeadLettersAsync();
        var outbox = await stored.OutboxAsync();

        Print(sizes, analysis, usage, idle, machineBusy, others, trafficStart, drain, connections, busyRefusals, deadLetters, outbox, busyBefore);
        Console.WriteLine($"PostgreSQL sessions on {schema} during the window (mean per sample, state / wait): {sessions.States}");
        Console.WriteLine("Statements most often seen active (mean sessions per sample, wait, statement):");
        foreach (var statement in sessions.Statements) Console.WriteLine($"  {statement}");
        if (!drained) Console.WriteLine($"  !! the pipeline had not drained {drain:F0} s after the traffic stopped: 'missing' counts records not stored by then");
        Console.WriteLine();
        double Cores(string name) => usage.First(u => u.Name == name).Cores;
        var ingest = usage.First(u => u.Name == "ingest");
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT panels={sizes.Panels} stored_eps={analysis.StoredEps:F1} p50_ms={analysis.P(50):F0} p99_ms={analysis.P(99):F0} missing={analysis.Missing} duplicates={analysis.Duplicates} " +
            $"expected_eps={analysis.ExpectedEps:F1} max_ms={analysis.MaxMs:F0} unexpected={analysis.Unexpected} generated={analysis.Generated} connect_s={connectSeconds:F1} " +
            $"ingest_cpu_pct={ingest.Cores * 100:F1} ingest_rss_mb={ingest.RssPeakMb:F0} host_cpu_pct={Cores("host") * 100:F1} postgres_cpu_pct={Cores("postgres") * 100:F1} " +
            $"rabbit_cpu_pct={Cores("beam.smp") * 100:F1} simulator_cpu_pct={Cores("simulator (bench)") * 100:F1} machine_busy_pct={machineBusy * 100:F0}");
    }

    /// <summary>Until the Host has recorded every panel as connected (directory built, leases taken, sessions up, messages through).</summary>
    private static async Task<double> WaitConnectedAsync(StoredRecords stored, SimulatorFleet fleet, IngestSizes sizes, int hostPid, int ingestPid)
    {
        var clock = Stopwatch.StartNew();
        double? directoryAt = null, leasesAt = null, clientsAt = null;
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            Alive(hostPid, ingestPid);
            var (directory, leases) = await stored.OwnershipAsync();
            var clients = fleet.Servers.Count(s => s.HasClient);
            var connected = await stored.ConnectedPanelsAsync();
            var t = clock.Elapsed.TotalSeconds;
            if (directory >= sizes.Panels) directoryAt ??= t;
            if (leases >= sizes.Panels) leasesAt ??= t;
            if (clients >= sizes.Panels) clientsAt ??= t;
            if (connected >= sizes.Panels)
            {
                Console.WriteLine($"  .. connected: panel_directory complete after {directoryAt:F1} s, all leases taken after {leasesAt:F1} s, " +
                                  $"every module holding a client after {clientsAt?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} s, " +
                                  $"panel_connected recorded for all after {t:F1} s (simulator: {fleet.Servers.Sum(s => s.ConnectionsAccepted):N0} connections accepted, {fleet.Servers.Sum(s => s.BusyRefusals)} refused busy)");
                return t;
            }
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(10))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"     {t,5:F0} s: directory {directory:N0}, leases {leases:N0}, modules with a client {clients:N0}, panel_connected {connected:N0}; " +
                                  $"ingest RSS {ProcessSampler.RssMb(ingestPid):F0} MB");
            }
            if (clock.Elapsed > sizes.ConnectTimeout)
                throw new TimeoutException($"after {sizes.ConnectTimeout.TotalSeconds:F0} s: directory {directory}, leases {leases}, modules with a client {clients}, panel_connected {connected} of {sizes.Panels}; " +
                                           $"see the ingest's log ({Environment.GetEnvironmentVariable("BENCH_INGEST_LOG")})");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits <paramref name="span"/>, printing generated against stored every 10 s.</summary>
    private static async Task Progress(StoredRecords stored, GroundTruthLog truth, TimeSpan span, int hostPid, int ingestPid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < span)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, (span - clock.Elapsed).TotalSeconds)));
            Alive(hostPid, ingestPid);
            Console.WriteLine($"     generated {truth.Count:N0}, stored {await stored.CountDistinctAsync():N0}, outbox {await stored.OutboxAsync():N0}; load average {CpuMeter.LoadAverage()}");
        }
    }

    /// <summary>After the traffic stopped: until every generated record is stored (drained), nothing moved for 15 s, or the timeout.</summary>
    private static async Task<(double Seconds, bool Drained)> DrainAsync(StoredRecords stored, GroundTruthLog truth, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = -1L;
        var lastMove = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var count = await stored.CountDistinctAsync();
            if (count >= truth.Count) return (clock.Elapsed.TotalSeconds, true);
            if (count != last) { last = count; lastMove.Restart(); }
            else if (lastMove.Elapsed > TimeSpan.FromSeconds(15)) break;
            await Task.Delay(250);
        }
        return (clock.Elapsed.TotalSeconds, false);
    }

    private static void Print(IngestSizes sizes, IngestAnalysis a, IReadOnlyList<ProcessUsage> usage, IReadOnlyList<ProcessUsage> idle, double machineBusy, double others,
        DateTimeOffset trafficStart, double drainSeconds, int connections, int busyRefusals, long deadLetters, long outbox, string loadBefore)
    {
        static string F(double v, string f = "F0") => double.IsNaN(v) ? "–" : v.ToString(f, CultureInfo.InvariantCulture);
        Console.WriteLine($"  .. traffic from {trafficStart:HH:mm:ss} UTC; waited {F(drainSeconds, "F1")} s after it stopped for the pipeline to drain; outbox left {outbox}, dead letters {deadLetters}; " +
                          $"simulator: {connections:N0} connections accepted in all ({connections - sizes.Panels} reconnections), {busyRefusals} refused busy");
        foreach (var m in a.MissingSamples) Console.WriteLine($"     missing: {m.PanelId} index {m.Index} code {m.Code}{(m.Restore ? "r" : "")} generated {m.GeneratedAt:HH:mm:ss.fff}");
        Console.WriteLine();
        Console.WriteLine("| panels | asked events/s | generated events/s | stored events/s | p50 ms | p90 ms | p99 ms | max ms | generated (all) | missing | duplicates | unexpected |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {sizes.Panels:N0} | {F(sizes.Panels * sizes.Rate)} | {F(a.ExpectedEps, "F1")} | {F(a.StoredEps, "F1")} | {F(a.P(50))} | {F(a.P(90))} | {F(a.P(99))} | {F(a.MaxMs)} | " +
                          $"{a.Generated:N0} | {a.Missing} | {a.Duplicates} | {a.Unexpected} |");
        static string Split(List<double> ms) => $"p50 {F(Report.Percentile(ms, 50))} ms, p90 {F(Report.Percentile(ms, 90))} ms, p99 {F(Report.Percentile(ms, 99))} ms, max {F(ms.Count == 0 ? double.NaN : ms[^1])} ms";
        Console.WriteLine($"Latency split at the ingest's send to its outbox ({a.ToSentMs.Count:N0} records): generated → sent {Split(a.ToSentMs)}; sent → appended by the Host {Split(a.SentToAppendMs)}");
        Console.WriteLine();
        Console.WriteLine($"CPU over the {F(a.WindowSeconds)} s window: machine {F(machineBusy * 100)}% busy of {Environment.ProcessorCount} cores (load average {loadBefore} at its start); others {F(others, "F2")} cores");
        Console.WriteLine();
        Console.WriteLine("| process | cores (window) | cores idle (no traffic) | CPU ms per stored event | of which above idle | RSS mean MB | RSS peak MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var eps = Math.Max(1e-9, a.StoredEps);
        foreach (var u in usage)
        {
            var i = idle.First(x => x.Name == u.Name).Cores;
            Console.WriteLine($"| {u.Name} | {F(u.Cores, "F3")} | {F(i, "F3")} | {F(u.Cores * 1000 / eps, "F2")} | {F((u.Cores - i) * 1000 / eps, "F2")} | {F(u.RssMeanMb)} | {F(u.RssPeakMb)} |");
        }
    }

    private static void Alive(int hostPid, int ingestPid)
    {
        if (hostPid > 0 && !Directory.Exists($"/proc/{hostPid}"))
            throw new InvalidOperationException($"the Host (pid {hostPid}) exited; see {Environment.GetEnvironmentVariable("BENCH_HOST_LOG")}");
        if (ingestPid > 0 && !Directory.Exists($"/proc/{ingestPid}"))
            throw new InvalidOperationException($"the ingest (pid {ingestPid}) exited; see {Environment.GetEnvironmentVariable("BENCH_INGEST_LOG")}");
    }

    private static int Pid(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var pid) ? pid
        : throw new InvalidOperationException($"{name} is not set: run the ingest scenario through bench/run.sh ingest");
}
