using System.Text.Json;
using Audit.Tests.Infrastructure;

namespace Audit.Tests.Streams;

/// <summary><c>streams list</c>, <c>stream show</c>, <c>stream state</c> and <c>trace</c>.</summary>
public sealed class StreamTests : AuditTest
{
    [Fact]
    public async Task Show_lists_events_with_positions_times_types_metadata_and_data()
    {
        var (_, alarm) = await SeedAsync();

        var table = await AuditAsync("stream", "show", alarm);
        var json = await AuditAsync("stream", "show", alarm, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"stream {alarm} (alarm), version 2", table.Out);
        Assert.Contains("alarm_raised", table.Out);
        Assert.Contains("op-12", table.Out);
        Assert.Contains("req-2", table.Out);
        var lines = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([1L, 2L], lines.Select(l => l.GetProperty("version").GetInt64()));
        Assert.Equal("ingest", lines[0].GetProperty("metadata").GetProperty("userId").GetString());
        Assert.Equal("req-1", lines[0].GetProperty("metadata").GetProperty("correlationId").GetString());
        Assert.Equal("op-12", lines[1].GetProperty("data").GetProperty("operatorId").GetString());
        Assert.Equal(64, lines[1].GetProperty("hash").GetString()!.Length);
    }

    [Fact]
    public async Task State_as_of_a_version_or_a_time_folds_with_the_domains_evolve_and_diffs_two_moments()
    {
        var (_, alarm) = await SeedAsync();

        var v1 = await AuditAsync("stream", "state", alarm, "--as-of", "v1");
        var now = await AuditAsync("stream", "state", alarm);
        var beforeAll = await AuditAsync("stream", "state", alarm, "--as-of", "2000-01-01T00:00:00Z");
        var diff = await AuditAsync("stream", "state", alarm, "--as-of", "1", "--diff", "2");

        Assert.Contains("version 1", v1.Out);
        Assert.Contains("\"status\": \"Open\"", v1.Out);
        Assert.Contains("\"acknowledgedBy\": null", v1.Out);
        Assert.Contains("\"acknowledgedBy\": \"op-12\"", now.Out);
        Assert.Contains("\"status\": \"NotRaised\"", beforeAll.Out);
        Assert.Equal(0, diff.ExitCode);
        Assert.Contains("$.acknowledgedBy: null → \"op-12\"", diff.Out);
    }

    [Fact]
    public async Task Trace_follows_one_correlation_id_across_streams_in_order()
    {
        var (site, alarm) = await SeedAsync("req-trace");
        await SeedAsync("req-other");

        var run = await AuditAsync("trace", "req-trace");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("trace req-trace: 2 event(s) in 2 stream(s)", run.Out);
        Assert.True(run.Out.IndexOf(site, StringComparison.Ordinal) < run.Out.IndexOf(alarm, StringComparison.Ordinal));
        Assert.DoesNotContain("alarm_acknowledged", run.Out); // a different request
    }

    [Fact]
    public async Task Streams_list_filters_by_type_tenant_and_archived()
    {
        var (site, alarm) = await SeedAsync();
        var other = await SeedLongSiteAsync();
        await Store.ArchiveStreamAsync(alarm);

        var sites = await AuditAsync("streams", "list", "--type", "site", "--json");
        var tenantB = await AuditAsync("streams", "list", "--tenant", "tenant-b");
        var archived = await AuditAsync("streams", "list", "--archived", "true");

        Assert.Equal(2, sites.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(other, tenantB.Out);
        Assert.DoesNotContain(site, tenantB.Out);
        Assert.Contains(alarm, archived.Out);
        Assert.DoesNotContain(site, archived.Out);
    }

    [Fact]
    public async Task Streams_list_filters_by_creation_time_on_the_stream_rows_clock()
    {
        var (site, alarm) = await SeedAsync();
        var other = await SeedLongSiteAsync();
        // created_at is the database's clock: take the bounds from the rows themselves.
        var alarmCreated = await ScalarAsync<DateTime>($"select created_at from {Q}.streams where id = '{alarm}'");
        var otherCreated = await ScalarAsync<DateTime>($"select created_at from {Q}.streams where id = '{other}'");
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var between = await AuditAsync("streams", "list", "--created-from", Iso(alarmCreated), "--created-to", Iso(otherCreated));
        var before = await AuditAsync("streams", "list", "--created-to", Iso(alarmCreated));

        Assert.Equal(0, between.ExitCode);
        Assert.Contains(alarm, between.Out);
        Assert.DoesNotContain(site, between.Out);
        Assert.DoesNotContain(other, between.Out); // the upper bound is exclusive
        Assert.Contains(site, before.Out);
        Assert.DoesNotContain(alarm, before.Out);
    }
}
