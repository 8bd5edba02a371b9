using Domain;
using Domain.Sites;
using EventStore;
using EventStore.Hosting;
using EventStore.Projections;
using Npgsql;
using Projections.Reports;

namespace Host.Tests.Reports.ReadModels;

/// <summary>
/// Each report read model, run by the daemon over a realistic sequence for two tenants, then rebuilt from zero into
/// a new generation: the rows must be exactly the same, every row must have found its tenant, and the row counts
/// must be the scenario's. One store (schema) and one daemon per case, running only the projection under test.
/// </summary>
public sealed class ReportReadModelRebuildTests : IAsyncLifetime
{
    private readonly string _schema = "t_report_rm_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _dataSource = null!;
    private PostgresEventStore _store = null!;

    public static TheoryData<string, int> ReadModels => new()
    {
        // projection name, rows expected in its main table for the two scenarios
        { "alarm_history", 6 },
        { "operator_response_times", 6 },
        { "panel_connectivity", 6 },  // online, offline, online (open) per panel
        { "arming_log", 4 },
        { "panel_troubles", 4 },      // AC loss (restored, reported twice) and low battery (open) per panel
        { "panel_commands", 6 },
    };

    private static Projection Create(string name) => ProjectionsByName()[name];

    private static Dictionary<string, Projection> ProjectionsByName() =>
        new Projection[]
        {
            new AlarmHistoryProjection(), new OperatorResponseTimesProjection(), new PanelConnectivityProjection(),
            new ArmingLogProjection(), new PanelTroublesProjection(), new PanelCommandsProjection(),
        }.ToDictionary(p => p.Name);

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(EventStoreServiceCollectionExtensions.WithRecommendedSettings(HostFactory.TestConnectionString));
        var options = new EventStoreOptions { Schema = _schema };
        foreach (var (type, name) in DomainEventTypes.All) options.Types.Register(type, name);
        _store = new PostgresEventStore(_dataSource, options);
        await _store.MigrateAsync();
        var day1 = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            var siteId = StreamIds.Site(Guid.CreateVersion7());
            await _store.AppendAsync(siteId, "site", ExpectedVersion.NoStream, new SiteRegistered(siteId, $"Site of {tenant}",
                new SiteAddress("Polna 1", "00-001", "Warszawa", "PL"), tenant, [], "", day1.AddDays(-1)));
            await new ReportScenario(siteId, day1).AppendAsync(_store);
        }
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
        await _dataSource.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ReadModels))]
    public async Task A_rebuild_from_zero_gives_the_same_rows(string name, int expectedRows)
    {
        var projection = Create(name);
        await using var daemon = new ProjectionDaemon(_store, [projection], new DaemonOptions { PollInterval = TimeSpan.FromMilliseconds(200), ElectionInterval = TimeSpan.FromMilliseconds(200) });
        await daemon.StartAsync();
        Assert.True(await daemon.WaitForCatchUpAsync(name, TimeSpan.FromSeconds(60)), "caught up");
        var main = projection.Tables[^1].Name;
        Assert.Equal(expectedRows, await ScalarAsync($"select count(*) from \"{_schema}\".{main}"));
        Assert.Equal(0, await ScalarAsync($"select count(*) from \"{_schema}\".{main} where tenant not in ('tenant-a', 'tenant-b')"));
        var live = await SnapshotAsync(projection);

        await daemon.RebuildAsync(name);

        Assert.Equal(2, (await daemon.GetStatusAsync()).Single().Generation);
        Assert.Equal(live, await SnapshotAsync(projection));
    }

    /// <summary>Every row of every table of the read model, as text, in a fixed order.</summary>
    private async Task<List<string>> SnapshotAsync(Projection projection)
    {
        var rows = new List<string>();
        foreach (var table in projection.Tables)
        {
            await using var cmd = _dataSource.CreateCommand($"select t::text from \"{_schema}\".{table.Name} t order by 1");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(table.Name + ": " + reader.GetString(0));
        }
        return rows;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = _dataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
