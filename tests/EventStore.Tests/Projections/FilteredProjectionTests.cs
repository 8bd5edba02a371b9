using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

/// <summary>
/// A projection of rare event types moves its checkpoint on with the log, so its reads do not scan the same
/// stretch of other events again and again (each read's cost would grow with the log).
/// </summary>
public sealed class FilteredProjectionTests : DaemonTest
{
    [Fact]
    public async Task A_projection_whose_types_stop_arriving_still_moves_its_checkpoint_to_the_end_of_the_log()
    {
        var account = NewStreamId();
        await Store.AppendAsync(account, "account", ExpectedVersion.NoStream, new Deposited(account, 10));
        await using var daemon = NewDaemon(new CountingProjection { Types = ["deposited"] });
        await daemon.StartAsync();
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.applied") == 1);

        await AppendManyAsync(streams: 5, eventsPerStream: 40); // 200 events of a type it does not read
        var last = await ScalarAsync("select max(position) from {schema}.events");
        await Eventually(async () => await ScalarAsync("select last_position from {schema}.projection_progress where name = 'counting'") >= last,
            because: "the checkpoint past the other events");

        // Its own types are still applied, exactly once, after the skip.
        await Store.AppendAsync(account, "account", ExpectedVersion.Exact(1), new Deposited(account, 5));
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.applied") == 2);
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.applied where n <> 1"));
        Assert.Equal(0, (await daemon.GetStatusAsync()).Single().EventsBehind);
    }
}
