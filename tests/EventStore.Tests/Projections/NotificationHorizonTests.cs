using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

/// <summary>
/// A notification carries the transaction horizon of the commits it announces. An agent polls eagerly after one
/// only while those commits may still be hidden behind an older open transaction; once a read has reached the
/// horizon, an empty page means nothing is due, and it waits for the next notification.
/// </summary>
public sealed class NotificationHorizonTests : DaemonTest
{
    [Theory]
    [InlineData(true, 100, 90, true)]    // announced commits not yet readable: poll again soon
    [InlineData(true, 100, 100, false)]  // the last read reached them: nothing is due
    [InlineData(true, 100, 150, false)]
    [InlineData(false, 100, 90, false)]  // long after the notification: the slow poll (a long transaction is not polled for every 25 ms)
    [InlineData(true, long.MaxValue, 1_000_000, true)] // horizon unknown (after a reconnection): eager for the while, as before
    public void An_empty_read_is_retried_soon_only_while_announced_commits_may_be_hidden(bool recentlyWoken, long awaited, long seen, bool eager) =>
        Assert.Equal(eager, ProjectionAgent.ShouldPollEagerly(recentlyWoken, awaited, seen));

    [Fact]
    public async Task An_event_hidden_behind_an_open_transaction_is_applied_soon_after_it_ends_without_waiting_for_the_slow_poll()
    {
        var projection = new CountingProjection();
        // A slow poll of a minute: only notifications and the eager retries can bring the events in within the test.
        await using var daemon = new ProjectionDaemon(Store, [projection], new DaemonOptions
        {
            BatchSize = FastOptions.BatchSize, PollInterval = TimeSpan.FromMinutes(1), ElectionInterval = FastOptions.ElectionInterval,
            InitialBackoff = FastOptions.InitialBackoff, MaxRetries = FastOptions.MaxRetries,
        });
        await daemon.StartAsync();
        await AppendManyAsync(streams: 1, eventsPerStream: 1);
        await WaitForAllAppliedAsync();
        var agent = Assert.Single(daemon.Agents);

        var held = NewStreamId();
        await using (var open = await Store.OpenSessionAsync())
        {
            await open.AppendAsync(held, "counter", ExpectedVersion.NoStream, [new NewEvent(new Counted(held, 1))]);
            await AppendManyAsync(streams: 1, eventsPerStream: 1);      // committed, announced, but behind the open transaction
            await Eventually(() => Task.FromResult(agent.PollingEagerly), TimeSpan.FromSeconds(10), "polling eagerly while the announced commit is hidden");
            Assert.Equal(1, await ScalarAsync("select count(*) from {schema}.applied"));
            await open.CommitAsync();
        }

        await WaitForAllAppliedAsync(timeout: TimeSpan.FromSeconds(20));
        await AssertExactlyOnceAsync();
    }
}
