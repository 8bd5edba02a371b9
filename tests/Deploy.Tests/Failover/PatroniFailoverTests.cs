using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Deploy.Tests.Failover;

/// <summary>
/// A real Patroni failover (scripts/patroni-local.sh: etcd and two Patroni nodes of PostgreSQL 15, synchronous mode)
/// under the real Host in-process, its store on the multi-host connection string with
/// <c>Target Session Attributes=primary</c>. Writers register sites through the API without pause; the primary's
/// Patroni and PostgreSQL are SIGKILLed; the API must take writes again within 30 s (the standby is promoted once the
/// leader key expires: ttl 10 s here, 30 s in deploy/patroni/patroni.yml), and every site whose registration was
/// answered 201, before or after the kill, must be readable afterwards: RPO 0 for acknowledged commands
/// (docs/operations.md, "Failover, RPO and RTO"). Each run starts from a new cluster (<c>reset</c>, then <c>start</c>:
/// about 20–40 s) and stops it at the end, keeping its logs in .data/patroni.
/// </summary>
public sealed class PatroniFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(30);
    private const int Writers = 4;
    private const string Tenant = "tenant-failover";

    private readonly string _schema = "t_deploy_failover_" + Guid.NewGuid().ToString("N")[..12];
    private bool _started;
    private TestHost? _host;

    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    private sealed record Ack(string Id, TimeSpan SentAt, TimeSpan AnsweredAt);

    private sealed record Failure(TimeSpan SentAt, string What);

    [NeedsPatroniFact]
    public async Task After_the_primary_is_killed_writes_resume_within_30_s_no_acknowledged_write_is_lost_and_the_daemon_resumes()
    {
        var total = Stopwatch.StartNew();
        var connectionString = StartCluster();
        await AssertSynchronousReplicationAsync(connectionString);

        _host = new TestHost(_schema, new Dictionary<string, string> { ["ConnectionStrings:EventStore"] = connectionString });
        using var client = _host.ClientAs("sue", "supervisor", Tenant);
        client.Timeout = TimeSpan.FromSeconds(10);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/sites", Site)).StatusCode); // migrated, up

        var clock = Stopwatch.StartNew();
        var acks = new ConcurrentQueue<Ack>();
        var failures = new ConcurrentQueue<Failure>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteAsync(client, clock, acks, failures, stop.Token))).ToArray();

        // Some load before the kill: acknowledged writes that must survive it.
        await WaitUntilAsync(() => acks.Count >= 100 || writers.Any(w => w.IsCompleted), TimeSpan.FromSeconds(30), "100 sites registered before the kill");
        await ThrowIfAnyStoppedAsync(writers);
        // The kill happens somewhere inside the script's run: time to resume is counted from its start (an upper
        // bound), writes "after the kill" are those sent once it returned.
        var killStarted = clock.Elapsed;
        var kill = RunScript("kill-primary", TimeSpan.FromSeconds(30));
        var killedAt = clock.Elapsed;
        Assert.True(kill.ExitCode == 0, "kill-primary failed: " + kill.Output);
        var killed = kill.Stdout.Trim();
        var acksBeforeKill = acks.Count(a => a.SentAt < killStarted);

        // Writes sent after the kill are answered 201 again: the first such answer is the time to resume.
        await WaitUntilAsync(() => acks.Any(a => a.SentAt >= killedAt) || writers.Any(w => w.IsCompleted), ResumeDeadline + TimeSpan.FromSeconds(5), "a write acknowledged after the kill");
        await ThrowIfAnyStoppedAsync(writers);
        var firstAfter = acks.Where(a => a.SentAt >= killedAt).MinBy(a => a.AnsweredAt)!;
        var resumedAfter = firstAfter.AnsweredAt - killStarted;
        // And keep going for a while on the new primary (the other node).
        await WaitUntilAsync(() => acks.Count(a => a.SentAt >= killedAt) >= 100 || writers.Any(w => w.IsCompleted), TimeSpan.FromSeconds(30), "100 sites registered after failover");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var failed = failures.ToArray();
        output.WriteLine($"killed {killed} at {killStarted.TotalSeconds:F2}–{killedAt.TotalSeconds:F2} s; writes resumed {resumedAfter.TotalSeconds:F2} s after the kill");
        output.WriteLine($"acknowledged: {acksBeforeKill} before the kill, {acks.Count} in all; failed during the outage: {failed.Length}");
        foreach (var group in failed.GroupBy(f => f.What).OrderByDescending(g => g.Count()).Take(8))
            output.WriteLine($"  {group.Count()} × {group.Key} ({group.Min(f => f.SentAt).TotalSeconds:F2}–{group.Max(f => f.SentAt).TotalSeconds:F2} s)");
        Assert.True(resumedAfter <= ResumeDeadline, $"writes resumed only {resumedAfter.TotalSeconds:F1} s after the kill");
        // A write a moment before the kill may be caught by it; one failing seconds before means something else broke.
        Assert.True(failed.All(f => f.SentAt >= killStarted - TimeSpan.FromSeconds(2)), "writes failed before the kill: " + failed.FirstOrDefault()?.What);
        Assert.True(writers.All(w => w.IsCompletedSuccessfully), "a writer stopped on an unexpected exception");
        // The outage is an answer the client can act on: 503 with Retry-After, never a 500.
        Assert.All(failed, f => Assert.Equal("HTTP 503, Retry-After", f.What));

        // RPO 0: every site answered 201 is there, on the promoted standby.
        var primaryNow = await ServerPortAsync(connectionString);
        output.WriteLine($"primary after failover: port {primaryNow}");
        Assert.Equal(killed == "pg-1" ? 57433 : 57432, primaryNow);   // the standby was promoted (script's default ports)
        var lost = new List<string>();
        foreach (var ack in acks)
        {
            using var read = await client.GetAsync($"/api/sites/{ack.Id}");
            if (read.StatusCode != HttpStatusCode.OK) lost.Add($"{ack.Id} (201 at {ack.AnsweredAt.TotalSeconds:F2} s) → {(int)read.StatusCode}");
        }
        output.WriteLine($"read back {acks.Count - lost.Count} of {acks.Count} acknowledged sites; total {total.Elapsed.TotalSeconds:F1} s");
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged sites lost in the failover:\n" + string.Join('\n', lost.Take(20)));

        // The daemon resumed on the new primary without skipping or stalling: a read model fed by every site
        // registration (the alarm report's site table, one row per site) ends with exactly the registrations in the
        // log, every acknowledged one among them.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var q = $"\"{_schema}\"";
        var caughtUp = Stopwatch.StartNew();
        while (true)
        {
            await using var cmd = dataSource.CreateCommand($"""
                select (select count(*) from {q}.events where type = 'site_registered'), (select count(*) from {q}.alarm_history_sites),
                       (select count(*) from unnest($1::text[]) a(id) where not exists (select 1 from {q}.alarm_history_sites s where s.site_id = a.id))
                """);
            cmd.Parameters.Add(new() { Value = acks.Select(a => a.Id).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            var (registered, projected, missing) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            if (registered == projected && missing == 0)
            {
                output.WriteLine($"daemon: {projected} of {registered} registrations projected, {caughtUp.Elapsed.TotalSeconds:F1} s after the writes stopped");
                break;
            }
            Assert.True(caughtUp.Elapsed < TimeSpan.FromSeconds(60),
                $"the daemon did not catch up on the new primary: {projected} of {registered} registrations projected, {missing} acknowledged sites missing");
            await Task.Delay(200);
        }
    }

    private static async Task WriteAsync(HttpClient client, Stopwatch clock, ConcurrentQueue<Ack> acks, ConcurrentQueue<Failure> failures, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var sentAt = clock.Elapsed;
            try
            {
                using var response = await client.PostAsJsonAsync("/api/sites", Site, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("id").GetString()!;
                    acks.Enqueue(new Ack(id, sentAt, clock.Elapsed));
                    continue;
                }
                failures.Enqueue(new Failure(sentAt, $"HTTP {(int)response.StatusCode}{(response.Headers.RetryAfter is null ? "" : ", Retry-After")}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NpgsqlException or InvalidOperationException)
            {
                // TestServer rethrows the Host's unhandled exceptions to the client.
                failures.Enqueue(new Failure(sentAt, e.GetType().Name + ": " + e.Message.Split('\n')[0]));
            }
            // Back off a little while the API fails, so the outage is not a tight loop of errors.
            try { await Task.Delay(100, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>A writer ends only when told to: one that ended early rethrows what stopped it.</summary>
    private static async Task ThrowIfAnyStoppedAsync(Task[] writers)
    {
        foreach (var writer in writers.Where(w => w.IsCompleted)) await writer;
        Assert.DoesNotContain(writers, w => w.IsCompleted);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>A new cluster (reset, then start): the connection string is the last line start prints.</summary>
    private string StartCluster()
    {
        var reset = RunScript("reset", TimeSpan.FromMinutes(2));
        Assert.True(reset.ExitCode == 0, "patroni-local.sh reset failed:\n" + reset.Output);
        _started = true;
        var start = RunScript("start", TimeSpan.FromMinutes(4));
        Assert.True(start.ExitCode == 0, "patroni-local.sh start failed:\n" + start.Output);
        output.WriteLine(start.Stderr.Trim());
        var connectionString = start.Stdout.Trim().Split('\n')[^1];
        Assert.StartsWith("Host=127.0.0.1:", connectionString, StringComparison.Ordinal);
        return connectionString;
    }

    /// <summary>Npgsql takes the host:port list and lands on the primary, which commits synchronously to the standby.</summary>
    private async Task AssertSynchronousReplicationAsync(string connectionString)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        await using var cmd = ds.CreateCommand("select pg_is_in_recovery(), current_setting('synchronous_standby_names'), (select count(*) from pg_stat_replication where sync_state = 'sync')");
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.GetBoolean(0), "Target Session Attributes=primary reached a standby");
        output.WriteLine($"synchronous_standby_names = '{reader.GetString(1)}', sync standbys: {reader.GetInt64(2)}");
        Assert.NotEqual("", reader.GetString(1));
        Assert.Equal(1, reader.GetInt64(2));
    }

    private static async Task<int> ServerPortAsync(string connectionString)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        await using var cmd = ds.CreateCommand("select current_setting('port')::int");
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static ProcessResult RunScript(string command, TimeSpan timeout) =>
        Processes.Run("bash", [Repo.Path("scripts", "patroni-local.sh"), command],
            new Dictionary<string, string?> { ["PATRONI_LOCAL_SYNC"] = "on" }, timeout: timeout);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();   // before the cluster goes: its services stop cleanly
        if (!_started) return;
        var stop = RunScript("stop", TimeSpan.FromMinutes(2));
        if (stop.ExitCode != 0) output.WriteLine("patroni-local.sh stop failed:\n" + stop.Output);
    }
}

/// <summary>
/// A fact that needs Patroni, etcd and etcdctl (Debian's patroni, etcd-server, etcd-client) and curl: installed at
/// discovery if they can be, else the test is skipped with the reason (as <see cref="NeedsToolFactAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsPatroniFactAttribute : FactAttribute
{
    public NeedsPatroniFactAttribute()
    {
        foreach (var (tool, package) in new[] { ("patroni", "patroni"), ("etcd", "etcd-server"), ("etcdctl", "etcd-client"), ("curl", "curl") })
        {
            var (path, why) = Tools.Ensure(tool, package);
            if (path is not null) continue;
            Skip = why;
            return;
        }
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb") && !Directory.Exists("/usr/lib/postgresql"))
            Skip = "no PostgreSQL server binaries under /usr/lib/postgresql";
    }
}
