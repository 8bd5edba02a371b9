using Audit.Tests.Infrastructure;

namespace Audit.Tests.Projections;

/// <summary><c>projection rebuild</c> builds the live read model; <c>projection replay</c> compares a fresh one with it.</summary>
public sealed class ProjectionTests : AuditTest
{
    [Fact]
    public async Task Replay_matches_a_freshly_rebuilt_read_model_and_reports_a_tampered_row()
    {
        var (_, alarm) = await SeedAsync();
        await SeedAsync();

        var rebuild = await AuditAsync("projection", "rebuild", "open_alarms");
        Assert.Equal(0, rebuild.ExitCode);
        Assert.Contains("rebuilt open_alarms", rebuild.Out);
        Assert.Matches(@"rebuild open_alarms: 6 of 6 events in \d+\.\d s, [\d,]+ events/s", rebuild.Err);
        Assert.Equal(2L, await ScalarAsync<long>($"select count(*) from {Q}.open_alarms"));

        var same = await AuditAsync("projection", "replay", "open_alarms");
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("OK: the replayed open_alarms equals the live read model", same.Out);

        await ExecAsync($"update {Q}.open_alarms set priority = 0 where alarm_id = '{alarm}'");
        var different = await AuditAsync("projection", "replay", "open_alarms");
        Assert.Equal(1, different.ExitCode);
        Assert.Contains("open_alarms: 2 differing row(s)", different.Out); // the live row and the replayed row
        Assert.Contains($"only live: {{\"alarm_id\":\"{alarm}\"", different.Out);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from information_schema.schemata where schema_name like 'audit_replay_%'"));
    }

    [Fact]
    public async Task Replay_of_a_range_of_positions_reports_what_the_range_leaves_out()
    {
        var (_, first) = await SeedAsync();
        var (_, second) = await SeedAsync();
        Assert.Equal(0, (await AuditAsync("projection", "rebuild", "open_alarms")).ExitCode);
        var cut = await ScalarAsync<long>($"select max(position) from {Q}.events where stream_id = '{first}'");

        var upTo = await AuditAsync("projection", "replay", "open_alarms", "--to", cut.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = await AuditAsync("projection", "replay", "open_alarms", "--from", cut.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Up to the first alarm: the second is only in the live model. After it: the first is missing from the replay.
        Assert.Equal(1, upTo.ExitCode);
        Assert.Contains($"open_alarms only live: {{\"alarm_id\":\"{second}\"", upTo.Out);
        Assert.DoesNotContain($"\"alarm_id\":\"{first}\"", upTo.Out);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains($"open_alarms only live: {{\"alarm_id\":\"{first}\"", after.Out);
        Assert.DoesNotContain($"\"alarm_id\":\"{second}\"", after.Out);
    }

    [Fact]
    public async Task An_unknown_projection_is_a_usage_error_naming_the_known_ones()
    {
        var run = await AuditAsync("projection", "replay", "nope");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("open_alarms", run.Err);
    }
}
