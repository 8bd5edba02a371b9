using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class PoisonAndLagTests : DaemonTest
{
    [Fact]
    public async Task A_poison_event_is_recorded_and_skipped_under_the_skip_policy()
    {
        await AppendManyAsync(streams: 3, eventsPerStream: 20);
        var poison = await ScalarAsync("select position from {schema}.events order by position offset 30 limit 1");
        var projection = new CountingProjection { Policy = PoisonEventPolicy.SkipAndRecord, FailOn = e => e.Position == poison };
        await using var daemon = NewDaemon(projection);
        await daemon.StartAsync();

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.applied") == 59);
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.projection_dead_letters where projection = 'counting' and position = {poison} and error like '%Cannot apply%'"));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.applied where position = {poison}"));
    }

    [Fact]
    public async Task An_event_whose_stored_data_no_longer_deserialises_meets_the_poison_policy()
    {
        await AppendManyAsync(streams: 1, eventsPerStream: 10);
        var bad = await ScalarAsync("select position from {schema}.events order by position offset 4 limit 1");
        await ScalarAsync($"update {{schema}}.events set data = '{{\"key\": 1, \"n\": \"not a number\"}}' where position = {bad} returning 1");
        await using var daemon = NewDaemon(new CountingProjection { Deserialize = true, Policy = PoisonEventPolicy.SkipAndRecord });
        await daemon.StartAsync();

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.applied") == 9);
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.projection_dead_letters where position = {bad} and error like '%deserialised%'"));
    }

    [Fact]
    public async Task A_poison_event_stops_the_projection_under_the_stop_policy_and_shows_in_its_status()
    {
        await AppendManyAsync(streams: 2, eventsPerStream: 10);
        var poison = await ScalarAsync("select position from {schema}.events order by position offset 5 limit 1");
        await using var daemon = NewDaemon(new CountingProjection { FailOn = e => e.Position == poison });
        await daemon.StartAsync();

        await Eventually(async () => (await daemon.GetStatusAsync()).Single().State == "faulted");
        var status = (await daemon.GetStatusAsync()).Single();
        Assert.Contains($"position {poison}", status.Error, StringComparison.Ordinal);
        Assert.Equal(5, await ScalarAsync("select count(*) from {schema}.applied"));
        Assert.Equal(15, status.EventsBehind);
    }

    [Fact]
    public async Task Lag_is_reported_in_events_and_seconds_and_drops_to_zero()
    {
        await using var daemon = NewDaemon(new CountingProjection());
        await AppendManyAsync(streams: 4, eventsPerStream: 25);
        await daemon.StartAsync();
        await daemon.StopAsync(); // set up, not running
        var behind = (await daemon.GetStatusAsync()).Single();
        Assert.Equal(100, behind.EventsBehind);
        Assert.True(behind.SecondsBehind >= 0);

        await daemon.StartAsync();
        Assert.True(await daemon.WaitForCatchUpAsync("counting", TimeSpan.FromSeconds(60)));
        var caughtUp = (await daemon.GetStatusAsync()).Single();
        Assert.Equal((0L, 0d, 100L), (caughtUp.EventsBehind, caughtUp.SecondsBehind, caughtUp.Processed));
    }
}
