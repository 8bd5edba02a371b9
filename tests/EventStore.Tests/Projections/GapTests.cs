using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

/// <summary>
/// The gap test: a transaction takes low positions and holds them uncommitted while others append and commit
/// thousands of events at higher positions. A daemon running throughout must apply every committed event exactly
/// once: neither skip the held events when they commit late nor count anything twice.
/// </summary>
public sealed class GapTests : DaemonTest
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_long_open_transaction_is_neither_skipped_nor_waited_out(bool commit)
    {
        var projection = new CountingProjection();
        await using var daemon = NewDaemon(projection);
        await daemon.StartAsync();

        var held = NewStreamId();
        await using (var writerA = await Store.OpenSessionAsync())
        {
            await writerA.AppendAsync(held, "counter", ExpectedVersion.NoStream,
                Enumerable.Range(1, 50).Select(i => new NewEvent(new Counted(held, i))).ToArray());

            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => AppendManyAsync(streams: 100, eventsPerStream: 10))).ToArray();
            await Task.WhenAll(writers);                                  // 4,000 events committed after A's took its positions
            // Every one of them sorts after A's transaction, so none may be applied while A is open.
            Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.applied"));

            if (commit) await writerA.CommitAsync();
        }

        var expected = commit ? 4050 : 4000;
        await WaitForAllAppliedAsync();
        Assert.Equal(expected, await ScalarAsync("select count(*) from {schema}.applied"));
        await AssertExactlyOnceAsync();
        Assert.Equal(commit ? 50 : 0, await ScalarAsync($"select count(*) from {{schema}}.applied where stream_id = '{held}'"));
    }
}
