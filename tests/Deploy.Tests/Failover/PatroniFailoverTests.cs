using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts;
using Deploy.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Deploy.Tests.Failover;

/// <summary>
/// A real Patroni failover (scripts/patroni-local.sh: etcd and two Patroni nodes of PostgreSQL 15, synchronous mode)
/// under the real Host in-process, its store on the multi-host connection string with
/// <c>Target Session Attributes=primary</c> and its outbox relay on the test RabbitMQ. Writers register sites and
/// send control requests to panels (each one an outbox message to the ingest) through the API without pause; the
/// primary's Patroni and PostgreSQL are SIGKILLed; the API must take writes again within 30 s (the standby is promoted
/// once the leader key expires: ttl 10 s here, 30 s in deploy/patroni/patroni.yml), every command answered with
/// success, before or after the kill, must be there afterwards (RPO 0 for acknowledged commands), the daemon must
/// resume, and the relay must drain the outbox on the new primary to the broker (docs/operations.md, "Failover, RPO
/// and RTO"). Each run starts from a new cluster (<c>reset</c>, then <c>start</c>: about 20–40 s) and stops it at the
/// end, keeping its logs in .data/patroni.
/// </summary>
public sealed partial class PatroniFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(30);
    private const int SiteWriters = 4;
    private const int ControlWriters = 2;   // one panel each: requests to one panel would only conflict
    private const string Tenant = "tenant-failover";

    private readonly string _schema = "t_deploy_failover_" + Guid.NewGuid().ToString("N")[..12];
    private readonly CapturedLogs _logs = new();
    private bool _started;
    private TestHost? _host;
    private BrokerTap? _tap;

    [NeedsPatroniFact]
    public async Task After_the_primary_is_killed_writes_resume_within_30_s_no_acknowledged_write_is_lost_the_daemon_resumes_and_the_relay_drains()
    {
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var connectionString = StartCluster();
        await AssertSynchronousReplicationAsync(connectionString);

        _tap = await BrokerTap.BindAsync(RabbitMq, Exchange, MessageNames.ToIngest, clock);
        _host = new TestHost(_schema, new Dictionary<string, string>
        {
            ["ConnectionStrings:EventStore"] = connectionString,
            ["ConnectionStrings:RabbitMq"] = RabbitMq,
            ["Messaging:Exchange"] = Exchange,   // of its own: other test classes share the broker
            ["Messaging:Queue"] = "q-" + _schema,
        }, _logs);
        using var client = _host.ClientAs("sue", "supervisor", Tenant);
        client.Timeout = TimeSpan.FromSeconds(10);
        var site = await client.PostAsJsonAsync("/api/sites", Site);   // migrated, up
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        var panels = await RegisterConnectedPanelsAsync(client, (await site.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        var sites = new ConcurrentQueue<Ack>();
        var controls = new ConcurrentQueue<Ack>();
        var failures = new ConcurrentQueue<Failure>();
        using var stop = new CancellationTokenSource();
        Task[] writers =
        [
            .. Enumerable.Range(0, SiteWriters).Select(_ => Task.Run(() => WriteAsync(client, RegisterSite, clock, sites, failures, stop.Token))),
            .. panels.Select(panel => Task.Run(() => WriteAsync(client, n => RequestControl(panel, n), clock, controls, failures, stop.Token))),
        ];
        bool Enough(Func<Ack, bool> which, int siteCount, int controlCount) =>
            sites.Count(which) >= siteCount && controls.Count(which) >= controlCount || writers.Any(w => w.IsCompleted);

        // Some load before the kill: acknowledged writes that must survive it.
        await WaitUntilAsync(() => Enough(_ => true, 100, 20), TimeSpan.FromSeconds(30), "100 sites and 20 control requests before the kill");
        await ThrowIfAnyStoppedAsync(writers);
        // The kill happens somewhere inside the script's run: time to resume is counted from its start (an upper
        // bound), writes "after the kill" are those sent once it returned.
        var killStarted = clock.Elapsed;
        var kill = RunScript("kill-primary", TimeSpan.FromSeconds(30));
        var killedAt = clock.Elapsed;
        Assert.True(kill.ExitCode == 0, "kill-primary failed: " + kill.Output);
        var killed = kill.Stdout.Trim();
        bool AfterKill(Ack a) => a.SentAt >= killedAt;

        // Writes sent after the kill are answered with success again: the first such answer is the time to resume.
        await WaitUntilAsync(() => sites.Concat(controls).Any(AfterKill) || writers.Any(w => w.IsCompleted), ResumeDeadline + TimeSpan.FromSeconds(5), "a write acknowledged after the kill");
        await ThrowIfAnyStoppedAsync(writers);
        var newPrimaryAt = sites.Concat(controls).Where(AfterKill).Min(a => a.AnsweredAt);
        var resumedAfter = newPrimaryAt - killStarted;
        // And keep going for a while on the new primary (the other node).
        await WaitUntilAsync(() => Enough(AfterKill, 100, 20), TimeSpan.FromSeconds(30), "100 sites and 20 control requests after failover");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var writesStoppedAt = clock.Elapsed;

        var failed = failures.ToArray();
        output.WriteLine($"killed {killed} at {killStarted.TotalSeconds:F2}–{killedAt.TotalSeconds:F2} s; writes resumed {resumedAfter.TotalSeconds:F2} s after the kill");
        output.WriteLine($"acknowledged: {sites.Count(a => a.SentAt < killStarted)} sites and {controls.Count(a => a.SentAt < killStarted)} control requests before the kill, " +
                         $"{sites.Count} and {controls.Count} in all; failed during the outage: {failed.Length}");
        foreach (var group in failed.GroupBy(f => (f.Command, f.What)).OrderByDescending(g => g.Count()).Take(8))
            output.WriteLine($"  {group.Count()} × {group.Key.Command}: {group.Key.What} ({group.Min(f => f.SentAt).TotalSeconds:F2}–{group.Max(f => f.SentAt).TotalSeconds:F2} s)");
        Assert.True(resumedAfter <= ResumeDeadline, $"writes resumed only {resumedAfter.TotalSeconds:F1} s after the kill");
        // A write a moment before the kill may be caught by it; one failing seconds before means something else broke.
        Assert.True(failed.All(f => f.SentAt >= killStarted - TimeSpan.FromSeconds(2)), "writes failed before the kill: " + failed.FirstOrDefault()?.What);
        Assert.True(writers.All(w => w.IsCompletedSuccessfully), "a writer stopped on an unexpected exception");
        // The outage is an answer the client can act on: 503 with Retry-After, never a 500.
        Assert.All(failed, f => Assert.Equal("HTTP 503, Retry-After", f.What));

        // RPO 0: every site answered 201 is there, on the promoted standby.
        var primaryNow = await ServerPortAsync(connectionString);
        output.WriteLine($"primary after failover: port {primaryNow}");
        Assert.Equal(killed == "pg-1" ? 27433 : 27432, primaryNow);   // the standby was promoted (script's default ports)
        var lost = new List<string>();
        foreach (var ack in sites)
        {
            using var read = await client.GetAsync($"/api/sites/{ack.Id}");
            if (read.StatusCode != HttpStatusCode.OK) lost.Add($"{ack.Id} (201 at {ack.AnsweredAt.TotalSeconds:F2} s) → {(int)read.StatusCode}");
        }
        output.WriteLine($"read back {sites.Count - lost.Count} of {sites.Count} acknowledged sites; total {total.Elapsed.TotalSeconds:F1} s");
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged sites lost in the failover:\n" + string.Join('\n', lost.Take(20)));

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await AssertDaemonCaughtUpAsync(dataSource, sites);
        // RPO 0 for the control requests too: each one answered 202 reached the broker, so it was committed.
        await AssertRelayDrainedAsync(dataSource, controls, clock, killStarted, newPrimaryAt, writesStoppedAt);
        AssertRelayLoggedTheOutageOnce(resumedAfter);
    }

    /// <summary>
    /// The daemon resumed on the new primary without skipping or stalling: a read model fed by every site
    /// registration (the alarm report's site table, one row per site) ends with exactly the registrations in the log,
    /// every acknowledged one among them.
    /// </summary>
    private async Task AssertDaemonCaughtUpAsync(NpgsqlDataSource db, IReadOnlyCollection<Ack> acknowledged)
    {
        var q = $"\"{_schema}\"";
        var caughtUp = await EventuallyAsync(async () =>
        {
            await using var cmd = db.CreateCommand($"""
                select (select count(*) from {q}.events where type = 'site_registered'), (select count(*) from {q}.alarm_history_sites),
                       (select count(*) from unnest($1::text[]) a(id) where not exists (select 1 from {q}.alarm_history_sites s where s.site_id = a.id))
                """);
            cmd.Parameters.Add(new() { Value = acknowledged.Select(a => a.Id).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            var (registered, projected, missing) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            return (registered == projected && missing == 0, $"{projected} of {registered} registrations projected, {missing} acknowledged sites missing");
        }, TimeSpan.FromSeconds(60), "the daemon to catch up on the new primary");
        output.WriteLine($"daemon: {caughtUp.State}, {caughtUp.After.TotalSeconds:F1} s after the writes stopped");
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

    /// <summary>Polls <paramref name="probe"/> until it says done; fails with its last state after <paramref name="timeout"/>.</summary>
    private static async Task<(string State, TimeSpan After)> EventuallyAsync(Func<Task<(bool Done, string State)>> probe, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (done, state) = await probe();
            if (done) return (state, deadline.Elapsed);
            Assert.True(deadline.Elapsed < timeout, $"timed out after {timeout.TotalSeconds} s waiting for {what}: {state}");
            await Task.Delay(200);
        }
    }
}
