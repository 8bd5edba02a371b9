using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class AppendTests : StoreTest
{
    [Fact]
    public async Task Appends_and_reads_back_with_metadata_in_order()
    {
        var id = NewStreamId();
        var meta = new EventMetadata("corr-1", "cause-1", "alice", "tenant-a", new Dictionary<string, string> { ["ip"] = "10.0.0.1" });
        var result = await Store.AppendAsync(id, "account", ExpectedVersion.NoStream,
            [new NewEvent(new Deposited("a", 10), meta), new NewEvent(new Withdrawn("a", 3), meta)]);

        Assert.Equal(2, result.Single.Version);
        Assert.True(result.Single.Events[0].Position < result.Single.Events[1].Position);
        var events = await Store.ReadStreamAsync(id).ToListAsync();
        Assert.Equal([1L, 2L], events.Select(e => e.StreamVersion));
        Assert.Equal(new Deposited("a", 10), events[0].Data);
        Assert.Equal("withdrawn", events[1].EventType);
        Assert.Equal(meta.CorrelationId, events[0].Metadata.CorrelationId);
        Assert.Equal("alice", events[1].Metadata.UserId);
        Assert.Equal("10.0.0.1", events[1].Metadata.Headers!["ip"]);
        Assert.Equal(7, events[0].EventId.Version);
        var info = await Store.GetStreamAsync(id);
        Assert.Equal(("account", 2L, "tenant-a"), (info!.StreamType, info.Version, info.Tenant));
    }

    [Fact]
    public async Task Exact_expected_version_appends_and_a_stale_one_conflicts_without_writing()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "account", ExpectedVersion.NoStream, new Deposited("a", 1));
        await Store.AppendAsync(id, "account", ExpectedVersion.Exact(1), new Deposited("a", 2));

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(id, "account", ExpectedVersion.Exact(1), new Deposited("a", 3)));
        Assert.Equal((id, 1L, 2L), (conflict.StreamId, conflict.Expected.Value, conflict.Actual));
        Assert.Equal(2, await ScalarAsync($"select count(*) from {{schema}}.events where stream_id = '{id}'"));
    }

    [Fact]
    public async Task No_stream_conflicts_when_the_stream_exists_and_any_always_appends()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "account", ExpectedVersion.Any, new Deposited("a", 1));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(id, "account", ExpectedVersion.NoStream, new Deposited("a", 2)));
        var result = await Store.AppendAsync(id, "account", ExpectedVersion.Any, new Deposited("a", 3));
        Assert.Equal(2, result.Single.Version);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(NewStreamId(), "account", ExpectedVersion.Exact(3), new Deposited("a", 1)));
    }

    [Fact]
    public async Task Two_writers_racing_with_the_same_expected_version_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var id = NewStreamId();
            await Store.AppendAsync(id, "account", ExpectedVersion.NoStream, new Deposited("a", 1));
            using var start = new ManualResetEventSlim();
            var writers = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await Store.AppendAsync(id, "account", ExpectedVersion.Exact(1), new Deposited("a", i));
                    return true;
                }
                catch (WrongExpectedVersionException e)
                {
                    Assert.Equal(2, e.Actual);
                    return false;
                }
            })).ToArray();
            start.Set();
            var outcomes = await Task.WhenAll(writers);
            Assert.Equal(1, outcomes.Count(x => x));
            Assert.Equal(2, await ScalarAsync($"select count(*) from {{schema}}.events where stream_id = '{id}'"));
        }
    }

    [Fact]
    public async Task Multi_stream_append_is_all_or_nothing()
    {
        var a = NewStreamId();
        var b = NewStreamId();
        await Store.AppendAsync(b, "account", ExpectedVersion.NoStream, new Deposited("b", 1));

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(
        [
            new StreamAppend(a, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]),
            new StreamAppend(b, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("b", 2))]),
        ]));
        Assert.Null(await Store.GetStreamAsync(a));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.events where stream_id = '{a}'"));

        var ok = await Store.AppendAsync(
        [
            new StreamAppend(a, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]),
            new StreamAppend(b, "account", ExpectedVersion.Exact(1), [new NewEvent(new Deposited("b", 2))]),
        ]);
        Assert.Equal([1L, 2L], ok.Streams.Select(s => s.Version));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(500)] // over the COPY threshold
    public async Task Large_appends_take_the_copy_path_with_the_same_result(int count)
    {
        var id = NewStreamId();
        var events = Enumerable.Range(1, count).Select(i => new NewEvent(new Counted(id, i), IdempotencyKey: $"{id}/{i}")).ToArray();
        var result = await Store.AppendAsync(id, "counter", ExpectedVersion.NoStream, events);
        Assert.Equal(count, result.Single.Version);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), result.Single.Events.Select(e => e.StreamVersion));
        var read = await Store.ReadStreamAsync(id).ToListAsync();
        Assert.Equal(Enumerable.Range(1, count), read.Select(e => ((Counted)e.Data!).N));
        Assert.Equal(result.Single.Events.Select(e => e.Position), read.Select(e => e.Position));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions follow versions");
    }
}
