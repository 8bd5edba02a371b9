using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Domain;
using Domain.Sites;
using EventStore;
using Host.Infrastructure.Replica;
using Npgsql;

namespace Host.Tests.Replica;

/// <summary>
/// <see cref="ReportDatabase"/> against the real hot standby of scripts/servers.sh: served by it once caught up, the
/// primary while it is down, and the lag it reports while its replay is paused.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed partial class ReportDatabaseReplicaTests : IAsyncLifetime
{
    private readonly string _schema = "t_replica_" + Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex(@"^alarm_monitoring_reports_replica_fallbacks_total (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Fallbacks();

    [Fact]
    public async Task A_report_query_on_the_replica_matches_the_primary_once_caught_up()
    {
        await using var factory = Factory();
        var (store, reports) = (factory.Services.GetRequiredService<PostgresEventStore>(), factory.Services.GetRequiredService<ReportDatabase>());
        var site = await RegisterSiteAsync(store, "North");
        await RegisterSiteAsync(store, "South");
        var onPrimary = await CountAsync(store.DataSource.OpenConnectionAsync().AsTask(), site);
        Assert.Equal(1, onPrimary);

        var (source, lag, onReplica) = await PollAsync(reports, site, r => r.Source == "replica" && r.Count == onPrimary);

        Assert.Equal(("replica", onPrimary), (source, onReplica));
        Assert.NotNull(lag);
        Assert.InRange(lag.Value, 0, 60);
        using var client = factory.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"reports_replica\":\"up", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_replica_stopped_reports_come_from_the_primary_and_the_fallback_is_counted()
    {
        await using var factory = Factory();
        var (store, reports) = (factory.Services.GetRequiredService<PostgresEventStore>(), factory.Services.GetRequiredService<ReportDatabase>());
        using var client = factory.CreateClient();
        var site = await RegisterSiteAsync(store, "East");
        var before = await FallbacksAsync(client);

        await ReplicaServers.RunAsync("replica-stop");
        try
        {
            await using (var connection = await reports.OpenAsync(CancellationToken.None))
            {
                Assert.Equal("primary", connection.Source);
                Assert.Equal(0, connection.LagSeconds);
                Assert.Equal(1, await CountAsync(Task.FromResult(connection.Connection), site, dispose: false));
            }
            Assert.True(await FallbacksAsync(client) > before, "the fallback counter did not move");
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // informational: the primary serves reports
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Contains("\"status\":\"degraded\"", body, StringComparison.Ordinal);
            Assert.Contains("\"reports_replica\":\"unreachable", body, StringComparison.Ordinal);
        }
        finally
        {
            await ReplicaServers.RunAsync("replica-start");
        }
    }

    [Fact]
    public async Task With_replay_paused_the_reported_lag_grows_above_zero()
    {
        await using var factory = Factory();
        var (store, reports) = (factory.Services.GetRequiredService<PostgresEventStore>(), factory.Services.GetRequiredService<ReportDatabase>());
        // Caught up first: the replica has applied a commit since it started, so its lag is known.
        var first = await RegisterSiteAsync(store, "West");
        await PollAsync(reports, first, r => r.Source == "replica" && r.Count == 1);

        await ReplicaServers.RunAsync("replica-pause");
        try
        {
            var second = await RegisterSiteAsync(store, "West 2");
            var (source, lag, onReplica) = await PollAsync(reports, second, r => r.Source == "replica" && r.Lag > 0);
            Assert.Equal("replica", source);
            Assert.True(lag > 0, $"lag {lag}");
            Assert.Equal(0, onReplica); // a stale read, as the lag says
        }
        finally
        {
            await ReplicaServers.RunAsync("replica-resume");
        }
    }

    private HostFactory Factory() => new(HostFactory.TestConnectionString, _schema,
        settings: new Dictionary<string, string> { ["ConnectionStrings:Reports"] = ReplicaServers.ConnectionString });

    private static async Task<string> RegisterSiteAsync(PostgresEventStore store, string name)
    {
        var site = StreamIds.Site(Guid.CreateVersion7());
        await store.AppendAsync(site, "site", ExpectedVersion.NoStream, new SiteRegistered(site, name,
            new SiteAddress("Polna 1", "00-001", "Warszawa", "PL"), "tenant-r", [new SiteContact(1, "Jan", "+48 600 000 001")], "", DateTimeOffset.UtcNow));
        return site;
    }

    /// <summary>A report-like query: the stream's events, counted. 0 while the schema is not on the replica yet.</summary>
    private async Task<long> CountAsync(Task<NpgsqlConnection> opening, string stream, bool dispose = true)
    {
        var connection = await opening;
        try
        {
            await using var cmd = new NpgsqlCommand($"select count(*) from \"{_schema}\".events where stream_id = $1", connection);
            cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable || e.SqlState == PostgresErrorCodes.InvalidSchemaName)
        {
            return 0;
        }
        finally
        {
            if (dispose) await connection.DisposeAsync();
        }
    }

    private sealed record Reading(string Source, double? Lag, long Count);

    private async Task<(string Source, double? Lag, long Count)> PollAsync(ReportDatabase reports, string stream, Func<Reading, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var connection = await reports.OpenAsync(CancellationToken.None);
            var reading = new Reading(connection.Source, connection.LagSeconds, await CountAsync(Task.FromResult(connection.Connection), stream, dispose: false));
            if (until(reading) || DateTime.UtcNow > deadline) return (reading.Source, reading.Lag, reading.Count);
            await Task.Delay(100);
        }
    }

    private static async Task<double> FallbacksAsync(HttpClient client)
    {
        var match = Fallbacks().Match(await client.GetStringAsync("/metrics"));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await HostFactory.DropSchemaAsync(_schema);
}
