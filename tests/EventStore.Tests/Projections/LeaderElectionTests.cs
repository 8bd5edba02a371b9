using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class LeaderElectionTests : DaemonTest
{
    [Fact]
    public async Task Two_daemons_one_runs_the_projection_and_the_other_takes_over_when_it_stops()
    {
        await using var a = NewDaemon(new CountingProjection());
        await using var b = NewDaemon(new CountingProjection());
        await a.StartAsync();
        await b.StartAsync();
        await AppendManyAsync(streams: 10, eventsPerStream: 10);
        await WaitForAllAppliedAsync();

        await Eventually(() => Task.FromResult(a.RunningHere.Count + b.RunningHere.Count == 1), because: "one leader");
        var (leader, follower) = a.RunningHere.Count == 1 ? (a, b) : (b, a);
        Assert.Empty(follower.RunningHere);

        await leader.StopAsync();
        await Eventually(() => Task.FromResult(follower.RunningHere.Count == 1), TimeSpan.FromSeconds(15), "takeover within seconds");
        await AppendManyAsync(streams: 10, eventsPerStream: 10);
        await WaitForAllAppliedAsync();
        await AssertExactlyOnceAsync();
    }
}
