using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class ReadTests : StoreTest
{
    [Fact]
    public async Task Reads_forward_and_backward_from_a_version()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "counter", ExpectedVersion.NoStream, Enumerable.Range(1, 5).Select(i => (object)new Counted(id, i)).ToArray());

        Assert.Equal([3, 4, 5], (await Store.ReadStreamAsync(id, fromVersion: 3).ToListAsync()).Select(e => ((Counted)e.Data!).N));
        Assert.Equal([4, 3], (await Store.ReadStreamBackwardAsync(id, fromVersion: 4, maxCount: 2).ToListAsync()).Select(e => ((Counted)e.Data!).N));
        Assert.Equal([5, 4, 3, 2, 1], (await Store.ReadStreamBackwardAsync(id).ToListAsync()).Select(e => (int)e.StreamVersion));
        Assert.Empty(await Store.ReadStreamAsync(NewStreamId()).ToListAsync());
    }

    [Fact]
    public async Task Reads_a_stream_as_of_a_version_and_as_of_a_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        await using var store = NewStore(o => o.Clock = clock);
        var id = NewStreamId();
        await store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 1));
        clock.Now = clock.Now.AddMinutes(1);
        await store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 2));
        clock.Now = clock.Now.AddMinutes(1);
        await store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 3));

        Assert.Equal(2, (await store.ReadStreamAsOfAsync(id, 2)).Count);
        Assert.Empty(await store.ReadStreamAsOfAsync(id, 0));
        var asOf = await store.ReadStreamAsOfAsync(id, new DateTimeOffset(2026, 1, 1, 9, 1, 30, TimeSpan.Zero));
        Assert.Equal([1, 2], asOf.Select(e => ((Counted)e.Data!).N));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 9, 1, 0, TimeSpan.Zero), asOf[^1].Timestamp);
    }

    [Fact]
    public async Task Reads_the_whole_log_in_pages_in_position_order()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => NewStreamId()).ToArray();
        foreach (var id in ids)
            await Store.AppendAsync(id, "counter", ExpectedVersion.Any, Enumerable.Range(1, 7).Select(i => (object)new Counted(id, i)).ToArray());

        var all = await Store.ReadAllAsync(batchSize: 4).ToListAsync();
        Assert.Equal(35, all.Count);
        Assert.Equal(all.Select(e => e.Position).Order(), all.Select(e => e.Position));
        var fromMiddle = await Store.ReadAllAsync(fromPosition: all[9].Position, batchSize: 3).ToListAsync();
        Assert.Equal(all.Skip(10).Select(e => e.Position), fromMiddle.Select(e => e.Position));
    }

    [Fact]
    public async Task An_unknown_type_on_read_names_the_type_and_position_or_is_skipped_on_request()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 1), new Counted(id, 2));
        await ScalarAsync($"update {{schema}}.events set type = 'mystery_v9' where stream_id = '{id}' and version = 2 returning 1");
        var position = await ScalarAsync($"select position from {{schema}}.events where stream_id = '{id}' and version = 2");

        var e = await Assert.ThrowsAsync<UnknownEventTypeException>(async () => await Store.ReadStreamAsync(id).ToListAsync());
        Assert.Equal(("mystery_v9", position), (e.TypeName, e.Position));
        Assert.Contains("mystery_v9", e.Message, StringComparison.Ordinal);
        var skipped = await Store.ReadStreamAsync(id, options: new ReadOptions(SkipUnknownTypes: true)).ToListAsync();
        Assert.Single(skipped);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
