using System.Globalization;
using EventStore;
using Host.Infrastructure.Replica;
using Host.Reports.Daily;
using Microsoft.Extensions.Logging.Abstractions;

namespace Host.Tests.Replica;

/// <summary>
/// The daily summary against seeded events in a schema of its own, read through <see cref="ReportDatabase"/> (the
/// primary here: these tests must not depend on the shared replica). Exactly once: two schedulers at once write each
/// report once, a restart does not write it again, a run that crashed half-way is taken over, a fresh one is not.
/// </summary>
public sealed class DailyReportTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2024, 3, 10);
    private readonly string _schema = "t_daily_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "daily-" + Guid.NewGuid().ToString("N")[..12]);
    private HostFactory _factory = null!;
    private PostgresEventStore _store = null!;

    [Fact]
    public async Task Two_schedulers_at_once_write_each_report_once_and_a_restart_does_not_write_it_again()
    {
        var runs = await Task.WhenAll(Runner("host-1").RunAsync(Day, default), Runner("host-2").RunAsync(Day, default));

        Assert.Equal(2, runs.Sum(r => r.Written)); // tenant-a and acme; "gone" was decommissioned before the day
        // (Whichever finished first may have seen the other's claim still open: AllDone is checked after the restart.)
        var files = Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_directory, f)).Order().ToList();
        Assert.Equal(4, files.Count); // a CSV and a text per tenant, no temporary file left
        Assert.Contains(Path.Combine("tenant-a", "daily-summary-2024-03-10.csv"), files);
        Assert.All(files, f => Assert.DoesNotContain(".tmp", f, StringComparison.Ordinal));

        foreach (var file in files) File.Delete(Path.Combine(_directory, file));
        var restarted = await Runner("host-1").RunAsync(Day, default); // a new instance: nothing in memory
        Assert.Equal((0, 2, true), (restarted.Written, restarted.Tenants, restarted.AllDone));
        Assert.Empty(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_csv_parses_and_holds_the_days_figures()
    {
        await Runner("host-1").RunAsync(Day, default);

        var lines = await File.ReadAllLinesAsync(DailyReportFiles.CsvPath(_directory, DailyReportScenario.TenantA, Day));
        Assert.Equal(DailyReportFiles.CsvHeader, lines[0]);
        var rows = lines.Skip(1).Select(Csv.Parse).ToList();
        Assert.All(rows, r => Assert.Equal(6, r.Count));
        Assert.All(rows, r => Assert.Equal(("tenant-a", "2024-03-10"), (r[0], r[1])));
        double Value(string metric, string kind = "", string outcome = "") =>
            double.Parse(rows.Single(r => r[2] == metric && r[3] == kind && r[4] == outcome)[5], CultureInfo.InvariantCulture);

        Assert.Equal(1, Value("alarms", "Burglary", "FalseAlarm"));
        Assert.Equal(1, Value("alarms", "Fire", "open")); // resolved after midnight
        Assert.DoesNotContain(rows, r => r[3] is "Tamper" or "Panic"); // raised on other days
        Assert.Equal((3, 60, 3786), (Value("acknowledge_count"), Value("acknowledge_p50_seconds"), Value("acknowledge_p95_seconds")));
        Assert.Equal((1, 600, 600), (Value("resolve_count"), Value("resolve_p50_seconds"), Value("resolve_p95_seconds")));
        Assert.Equal((1, 1, 7200), (Value("panels"), Value("communication_losses"), Value("offline_seconds")));
        Assert.Equal(91.667, Value("uptime_percent"));

        // The other tenant: an empty day, its id quoted in the CSV and made safe as a folder name.
        var other = await File.ReadAllLinesAsync(DailyReportFiles.CsvPath(_directory, DailyReportScenario.TenantB, Day));
        Assert.Equal(DailyReportScenario.TenantB, Csv.Parse(other[1])[0]);
        Assert.Contains(other.Skip(1).Select(Csv.Parse), r => r[2] == "acknowledge_count" && r[5] == "0");
        Assert.DoesNotContain(other.Skip(1).Select(Csv.Parse), r => r[2] == "uptime_percent");
        var text = await File.ReadAllTextAsync(DailyReportFiles.TextPath(_directory, DailyReportScenario.TenantA, Day));
        Assert.Contains("Alarms raised: 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_crashed_half_way_is_taken_over_and_one_still_running_is_not()
    {
        var next = Day.AddDays(1);
        await Runner("host-1").RunAsync(Day, default); // migrates report_runs
        await using (var cmd = _store.DataSource.CreateCommand($"""
            insert into "{_schema}".report_runs (report, tenant, day, state, started_at, host) values
                ('daily_summary', $1, $3, 'started', now() - interval '2 hours', 'crashed'),
                ('daily_summary', $2, $3, 'started', now(), 'busy')
            """))
        {
            cmd.Parameters.AddWithValue(DailyReportScenario.TenantA);
            cmd.Parameters.AddWithValue(DailyReportScenario.TenantB);
            cmd.Parameters.AddWithValue(next);
            await cmd.ExecuteNonQueryAsync();
        }

        var result = await Runner("host-3").RunAsync(next, default);

        Assert.Equal((1, false), (result.Written, result.AllDone)); // the busy host's run is not done yet
        Assert.True(File.Exists(DailyReportFiles.CsvPath(_directory, DailyReportScenario.TenantA, next)));
        Assert.False(File.Exists(DailyReportFiles.CsvPath(_directory, DailyReportScenario.TenantB, next)));
        await using var runs = _store.DataSource.CreateCommand($"select host, attempts, state from \"{_schema}\".report_runs where tenant = $1 and day = $2");
        runs.Parameters.AddWithValue(DailyReportScenario.TenantA);
        runs.Parameters.AddWithValue(next);
        await using var reader = await runs.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("host-3", 2, "done"), (reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
    }

    [Fact]
    public async Task The_host_schedules_the_latest_due_day_at_start_up()
    {
        var directory = Path.Combine(_directory, "scheduled");
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1); // due since 00:00 UTC today
        await using var host = new HostFactory(HostFactory.TestConnectionString, _schema, settings: new Dictionary<string, string>
        {
            ["Reports:Daily:Directory"] = directory,
            ["Reports:Daily:At"] = "00:00",
        });
        _ = host.Services; // starts the host, and its scheduler

        var csv = DailyReportFiles.CsvPath(directory, DailyReportScenario.TenantA, yesterday);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(csv) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(File.Exists(csv), "no daily summary written for " + yesterday);
        Assert.Contains(",panels,,,1", await File.ReadAllTextAsync(csv), StringComparison.Ordinal); // its panel, still monitored
    }

    private DailyReportRunner Runner(string host) => new(
        _factory.Services.GetRequiredService<ReportDatabase>(), _store,
        new DailyReportOptions { Directory = _directory, HostName = host }, TimeProvider.System, NullLogger<DailyReportRunner>.Instance);

    public async Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema); // no replica configured: reports read the primary
        _store = _factory.Services.GetRequiredService<PostgresEventStore>();
        await new DailyReportScenario(Day).AppendAsync(_store);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A strict RFC 4180 line parser (quoted fields, doubled quotes), to prove the file parses.</summary>
    private static class Csv
    {
        public static List<string> Parse(string line)
        {
            var fields = new List<string>();
            var i = 0;
            while (true)
            {
                var field = new System.Text.StringBuilder();
                if (i < line.Length && line[i] == '"')
                {
                    for (i++; ; i++)
                    {
                        Assert.True(i < line.Length, "unterminated quoted field: " + line);
                        if (line[i] != '"') field.Append(line[i]);
                        else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                        else { i++; break; }
                    }
                }
                else
                    while (i < line.Length && line[i] != ',') field.Append(line[i++]);
                Assert.True(i == line.Length || line[i] == ',', "text after a quoted field: " + line);
                fields.Add(field.ToString());
                if (i == line.Length) return fields;
                i++;
            }
        }
    }
}
