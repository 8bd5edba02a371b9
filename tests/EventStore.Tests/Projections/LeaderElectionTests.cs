using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class LeaderElectionTests : DaemonTest
{
    [Fact]
    public async Task Two_daemons_one_runs_the_projection_and_the_other_takes_over_when_it_stops()
    {
        var (a, b) = await TwoDaemonsCaughtUpAsync();
        await using var disposeA = a;
        await using var disposeB = b;

        await Eventually(() => Task.FromResult(a.RunningHere.Count + b.RunningHere.Count == 1), because: "one leader");
        var (leader, follower) = a.RunningHere.Count == 1 ? (a, b) : (b, a);
        Assert.Empty(follower.RunningHere);

        await leader.StopAsync();
        await Eventually(() => Task.FromResult(follower.RunningHere.Count == 1), TimeSpan.FromSeconds(15), "takeover within seconds");
        await AppendManyAsync(streams: 10, eventsPerStream: 10);
        await WaitForAllAppliedAsync();
        await AssertExactlyOnceAsync();
    }

    [Fact]
    public async Task A_leader_whose_connection_is_cut_stops_and_the_projection_runs_on_exactly_once()
    {
        // The agent works on the connection that holds its leadership lock: cutting it ends both at once.
        var (a, b) = await TwoDaemonsCaughtUpAsync();
        await using var disposeA = a;
        await using var disposeB = b;

        var lockClass = (uint)EventStore.Internal.LockKeys.Hash(Schema);
        var cut = await ScalarAsync($"select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and objsubid = 2 and classid = {lockClass}");
        Assert.Equal(1, cut);

        await AppendManyAsync(streams: 10, eventsPerStream: 10);
        await WaitForAllAppliedAsync(timeout: TimeSpan.FromSeconds(30));
        await AssertExactlyOnceAsync();
        await Eventually(() => Task.FromResult(a.RunningHere.Count + b.RunningHere.Count == 1), TimeSpan.FromSeconds(15), "one leader again");
    }

    /// <summary>Two daemons running the same projection, which has applied 100 events.</summary>
    private async Task<(ProjectionDaemon A, ProjectionDaemon B)> TwoDaemonsCaughtUpAsync()
    {
        var a = NewDaemon(new CountingProjection());
        var b = NewDaemon(new CountingProjection());
        await a.StartAsync();
        await b.StartAsync();
        await AppendManyAsync(streams: 10, eventsPerStream: 10);
        await WaitForAllAppliedAsync();
        return (a, b);
    }
}
