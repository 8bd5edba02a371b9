using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class IdempotencyTests : StoreTest
{
    [Fact]
    public async Task Appending_the_same_key_again_is_a_no_op_reporting_the_original_position()
    {
        var id = NewStreamId();
        var first = await Store.AppendAsync(id, "panel", ExpectedVersion.Any, [new NewEvent(new Counted(id, 1), IdempotencyKey: "panel-1/log-77")]);
        var again = await Store.AppendAsync(id, "panel", ExpectedVersion.Any, [new NewEvent(new Counted(id, 1), IdempotencyKey: "panel-1/log-77")]);

        Assert.True(again.Single.Events[0].Duplicate);
        Assert.Equal(1, again.Single.Version); // the next expected version, as for any append
        Assert.Equal(first.Single.Events[0].Position, again.Single.Events[0].Position);
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.events where stream_id = '{id}'"));
    }

    [Fact]
    public async Task A_redelivered_batch_appends_only_the_new_events()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "panel", ExpectedVersion.Any, [new NewEvent(new Counted(id, 1), IdempotencyKey: $"{id}-1")]);
        var result = await Store.AppendAsync(id, "panel", ExpectedVersion.Any,
            [new NewEvent(new Counted(id, 1), IdempotencyKey: $"{id}-1"), new NewEvent(new Counted(id, 2), IdempotencyKey: $"{id}-2")]);
        Assert.Equal([true, false], result.Single.Events.Select(e => e.Duplicate));
        Assert.Equal(2, result.Single.Version);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_duplicates_store_one_event(bool exactVersion)
    {
        for (var round = 0; round < 10; round++)
        {
            var id = NewStreamId();
            await Store.AppendAsync(id, "panel", ExpectedVersion.NoStream, new Counted(id, 0));
            using var start = new ManualResetEventSlim();
            var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                start.Wait();
                var expected = exactVersion ? ExpectedVersion.Exact(1) : ExpectedVersion.Any;
                return await Store.AppendAsync(id, "panel", expected, [new NewEvent(new Counted(id, 1), IdempotencyKey: $"{id}/dup")]);
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(tasks);

            Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.events where idempotency_key = '{id}/dup'"));
            Assert.Single(results.Select(r => r.Single.Events[0].Position).Distinct());
            Assert.Equal(1, results.Count(r => !r.Single.Events[0].Duplicate));
        }
    }
}
