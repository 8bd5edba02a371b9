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
    public async Task An_unknown_projection_is_a_usage_error_naming_the_known_ones()
    {
        var run = await AuditAsync("projection", "replay", "nope");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("open_alarms", run.Err);
    }
}
