using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class DaemonCrashTests : DaemonTest
{
    [Fact]
    public async Task A_daemon_killed_mid_batch_leaves_every_event_applied_exactly_once_after_restart()
    {
        await AppendManyAsync(streams: 20, eventsPerStream: 100);
        var inBatch = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var projection = new CountingProjection
        {
            // The third batch writes its rows, then hangs until the daemon is torn down under it.
            BeforeApply = async (ctx, events, ct) =>
            {
                // (Pages can be shorter than BatchSize when another test's open transaction holds the horizon back.)
                if (await CountAsync(ctx) is var applied and >= 1000)
                {
                    inBatch.TrySetResult(applied);
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        var first = NewDaemon(projection);
        await first.StartAsync();
        var committedBefore = await inBatch.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await first.DisposeAsync(); // no graceful stop: the batch's transaction dies with it

        // nothing of the batch that was in flight survived
        Assert.Equal(committedBefore, await ScalarAsync("select count(*) from {schema}.applied"));
        projection.BeforeApply = null;
        await using var second = NewDaemon(projection);
        await second.StartAsync();
        await AppendManyAsync(streams: 5, eventsPerStream: 10);
        await WaitForAllAppliedAsync();
        await AssertExactlyOnceAsync();
    }

    private static async Task<long> CountAsync(EventStore.Projections.ProjectionContext ctx)
    {
        await using var cmd = ctx.Command($"select count(*) from {ctx.Table("applied")}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
