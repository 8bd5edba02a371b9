using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventStore;

namespace Bench.Api;

/// <summary>Sizes of one run: full (the documented figures) or --quick (a smoke run, same keys).</summary>
/// <param name="Alarms">Raised alarms of the command tenant: each acknowledge + resolve pair uses up one.</param>
/// <param name="OpenAlarms">Open alarms on the query tenant's board (the queries' cost grows with it).</param>
/// <param name="Duration">Each closed-loop phase; <paramref name="Paced"/> each fixed-rate phase; both after <paramref name="Warmup"/>.</param>
public sealed record ApiSizes(string Name, int Alarms, int OpenAlarms, TimeSpan Warmup, TimeSpan Duration, TimeSpan Paced, TimeSpan Reference,
    TimeSpan HostWarmup, TimeSpan QuietWait)
{
    public static ApiSizes Full { get; } = new("full", 60_000, 500, Seconds(2), Seconds(20), Seconds(10), Seconds(5), Seconds(10), Seconds(15));
    public static ApiSizes Quick { get; } = new("quick", 16_000, 500, Seconds(1), Seconds(5), Seconds(3), Seconds(2), Seconds(5), Seconds(2));

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);
}

/// <summary>
/// <c>bench/run.sh api</c>: the Host as a separate process (started by bench/run.sh) against the private
/// PostgreSQL, driven over HTTP: acknowledge + resolve on distinct alarms, and open-alarm queries; GET /health/live
/// as the reference for what the same HTTP stack does with no work behind it.
/// </summary>
public static class ApiScenario
{
    private const string CommandTenant = "bench-cmd", QueryTenant = "bench-query";
    private const double TargetCommandsPerSecond = 1_000, TargetQueriesPerSecond = 5_000;
    private static readonly byte[] ResolveBody = Encoding.UTF8.GetBytes("""{"outcome":"FalseAlarm","note":"bench: nothing found on site"}""");

    public static async Task<string> RunAsync(string pg, bool quick)
    {
        var url = Required("BENCH_API_URL");
        var key = Required("BENCH_API_SIGNING_KEY");
        var schema = Environment.GetEnvironmentVariable("BENCH_API_SCHEMA") ?? "bench_api";
        var hostPid = int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOST_PID"), out var pid) ? pid : 0;
        var sizes = quick ? ApiSizes.Quick : ApiSizes.Full;
        sizes = sizes with { Alarms = EnvInt("BENCH_API_ALARMS", sizes.Alarms), OpenAlarms = EnvInt("BENCH_API_OPEN", sizes.OpenAlarms) };
        var cmdWorkers = EnvInt("BENCH_API_CMD_WORKERS", 16);
        var queryWorkers = EnvInt("BENCH_API_QUERY_WORKERS", 16);
        var pacedWorkers = EnvInt("BENCH_API_PACED_WORKERS", 64);
        Console.WriteLine($"api ({sizes.Name}): Host {url} (pid {hostPid}, schema {schema}), load average {CpuMeter.LoadAverage()}, {Environment.ProcessorCount} cores");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(pacedWorkers, Math.Max(cmdWorkers, queryWorkers)),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AllowAutoRedirect = false,
        }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        await HostProcess.WaitReadyAsync(http, hostPid, TimeSpan.FromSeconds(120));

        await using var dataSource = BenchDb.Create(pg);
        await using var store = new PostgresEventStore(dataSource, new EventStoreOptions { Schema = schema, Types = ApiSeed.Types() });
        await store.MigrateAsync(); // already done by the Host at start-up: a no-op, but no dependence on the order
        var commandSide = await ApiSeed.TenantAsync(store, CommandTenant, 100, sizes.Alarms);
        var querySide = await ApiSeed.TenantAsync(store, QueryTenant, 20, sizes.OpenAlarms);
        var cmdToken = BenchTokens.For(key, "bench-operator", "operator", CommandTenant);
        var queryToken = BenchTokens.For(key, "bench-viewer", "operator", QueryTenant);
        var catchUp = Stopwatch.StartNew();
        await WaitForOpenAlarmsAsync(http, cmdToken, sizes.Alarms);
        await WaitForOpenAlarmsAsync(http, queryToken, sizes.OpenAlarms);
        Console.WriteLine($"  .. open alarms projection caught up {catchUp.Elapsed.TotalSeconds:F2} s after seeding ({sizes.Alarms + sizes.OpenAlarms + 120:N0} events)");

        var nextAlarm = -1L;
        var resolved = 0L;
        async Task<bool> Command(LoadRecorder r, long _)
        {
            var n = Interlocked.Increment(ref nextAlarm);
            if (n >= commandSide.AlarmIds.Count) return false;
            var id = commandSide.AlarmIds[(int)n];
            if (await r.SendAsync(http, "acknowledge", () => Request(HttpMethod.Post, $"/api/alarms/{id}/acknowledge", cmdToken))
                && await r.SendAsync(http, "resolve", () => Request(HttpMethod.Post, $"/api/alarms/{id}/resolve", cmdToken, ResolveBody)))
                Interlocked.Increment(ref resolved);
            return true;
        }
        async Task<bool> Query(LoadRecorder r, long i)
        {
            _ = i % 2 == 0
                ? await r.SendAsync(http, "all, pageSize=50", () => Request(HttpMethod.Get, "/api/alarms?pageSize=50", queryToken))
                : await r.SendAsync(http, "siteId filter, pageSize=50", () => Request(HttpMethod.Get, $"/api/alarms?siteId={querySide.SiteIds[(int)(i / 2 % querySide.SiteIds.Count)]}&pageSize=50", queryToken));
            return true;
        }
        async Task<bool> Live(LoadRecorder r, long _)
        {
            await r.SendAsync(http, "live", () => Request(HttpMethod.Get, "/health/live", null));
            return true;
        }

        var phases = new List<PhaseResult>();
        async Task<PhaseResult> Phase(string name, LoadShape shape, Func<LoadRecorder, long, Task<bool>> step)
        {
            var busy = await CpuMeter.WaitForQuietAsync(sizes.QuietWait);
            Console.WriteLine($"  -- {name}: {shape.Workers} workers, {shape.Warmup.TotalSeconds:F0} s warm-up + {shape.Duration.TotalSeconds:F0} s (machine {busy * 100:F0}% busy before, load average {CpuMeter.LoadAverage()})");
            var result = await LoadPhase.RunAsync(name, shape, step, hostPid);
            Console.WriteLine(result.Summary());
            phases.Add(result);
            return result;
        }

        // JIT tiering and connection pools (client, Host, Npgsql) warm up on a mix of all three before anything is measured.
        var warmup = await LoadPhase.RunAsync("warm-up", new(cmdWorkers, TimeSpan.Zero, sizes.HostWarmup),
            (r, i) => (i % 3) switch { 0 => Live(r, i), 1 => Query(r, i), _ => Command(r, i) }, hostPid);
        Console.WriteLine(warmup.Summary());
        var liveBefore = await Phase("reference: GET /health/live", new(queryWorkers, sizes.Warmup, sizes.Reference), Live);
        var commands = await Phase("commands: acknowledge + resolve, closed loop", new(cmdWorkers, sizes.Warmup, sizes.Duration), Command);
        var commandsAtTarget = await Phase($"commands at {TargetCommandsPerSecond:N0}/s (paced)",
            new(pacedWorkers, sizes.Warmup, sizes.Paced, TargetCommandsPerSecond / 2), Command);
        // The daemon applies the commands' events after the fact: let it finish so that it does not weigh on the queries.
        await WaitForOpenAlarmsAsync(http, cmdToken, sizes.Alarms - Interlocked.Read(ref resolved));
        var queries = await Phase("queries: GET /api/alarms, closed loop", new(queryWorkers, sizes.Warmup, sizes.Duration), Query);
        var queriesAtTarget = await Phase($"queries at {TargetQueriesPerSecond:N0}/s (paced)",
            new(pacedWorkers, sizes.Warmup, sizes.Paced, TargetQueriesPerSecond), Query);
        var liveAfter = await Phase("reference: GET /health/live (again)", new(queryWorkers, sizes.Warmup, sizes.Reference), Live);

        Console.WriteLine();
        Console.WriteLine("| phase | workers | requests | req/s | p50 ms | p99 ms | max ms | errors | notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in phases.SelectMany(p => p.Rows())) Console.WriteLine(row);
        Console.WriteLine();

        // The reference for the ratio is the last one: by then the Host has run every path for a while (the first one
        // still pays for JIT tiering; both are in the table).
        var liveRps = liveAfter.Rps;
        var errors = warmup.ErrorCount + phases.Sum(p => p.ErrorCount);
        if (phases.Any(p => p.RanOut)) Console.WriteLine("  !! a command phase ran out of seeded alarms: its rate is understated (raise BENCH_API_ALARMS)");
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT cmd_rps={commands.Rps:F0} cmd_p99_ms={commands.P99:F2} query_rps={queries.Rps:F0} query_p99_ms={queries.P99:F2} " +
            $"cmd_p50_ms={commands.P50:F2} query_p50_ms={queries.P50:F2} cmd_at1000_rps={commandsAtTarget.Rps:F0} cmd_at1000_p99_ms={commandsAtTarget.P99:F2} " +
            $"query_at5000_rps={queriesAtTarget.Rps:F0} query_at5000_p99_ms={queriesAtTarget.P99:F2} live_rps={liveRps:F0} live_first_rps={liveBefore.Rps:F0} query_live_ratio={queries.Rps / liveRps:F2} errors={errors}");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, byte[]? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        return request;
    }

    /// <summary>Polls the open alarms board (the read model the queries measure) until the tenant's total is as expected.</summary>
    private static async Task WaitForOpenAlarmsAsync(HttpClient http, string token, long expected)
    {
        var deadline = Stopwatch.StartNew();
        long total = -1;
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            using var response = await http.SendAsync(Request(HttpMethod.Get, "/api/alarms?pageSize=1", token));
            response.EnsureSuccessStatusCode();
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            total = page.RootElement.GetProperty("total").GetInt64();
            if (total == expected) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"open alarms projection: total {total}, expected {expected} after 3 minutes");
    }

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
        ? v
        : throw new InvalidOperationException($"{name} is not set: run the api scenario through bench/run.sh api, which starts the Host");

    private static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;
}
