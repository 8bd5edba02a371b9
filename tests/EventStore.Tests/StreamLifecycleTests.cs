using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class StreamLifecycleTests : StoreTest
{
    [Fact]
    public async Task An_archived_stream_is_left_out_of_default_reads_unless_asked()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 1));
        Assert.True(await Store.ArchiveStreamAsync(id));

        Assert.Empty(await Store.ReadStreamAsync(id).ToListAsync());
        Assert.Single(await Store.ReadStreamAsync(id, options: new ReadOptions(IncludeArchived: true)).ToListAsync());
        Assert.DoesNotContain(await Store.ReadAllAsync().ToListAsync(), e => e.StreamId == id);
        Assert.True((await Store.GetStreamAsync(id))!.Archived);
        Assert.False(await Store.ArchiveStreamAsync(NewStreamId()));

        // appending to an archived stream is allowed, and what is appended is archived with it
        await Store.AppendAsync(id, "counter", ExpectedVersion.Exact(1), new Counted(id, 2));
        Assert.Empty(await Store.ReadStreamAsync(id).ToListAsync());
        await Store.AppendAsync(id, "counter", ExpectedVersion.Exact(2), Enumerable.Range(3, 100).Select(i => (object)new Counted(id, i)).ToArray()); // COPY path
        Assert.Equal(102, (await Store.ReadStreamAsync(id, options: new ReadOptions(IncludeArchived: true)).ToListAsync()).Count);
        Assert.Empty(await Store.ReadStreamAsync(id).ToListAsync());
    }

    [Fact]
    public async Task A_tombstoned_stream_is_gone_and_can_never_be_written_again()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 1), new Counted(id, 2));
        Assert.True(await Store.TombstoneStreamAsync(id));

        await Assert.ThrowsAsync<StreamDeletedException>(async () => await Store.ReadStreamAsync(id).ToListAsync());
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.AppendAsync(id, "counter", ExpectedVersion.Any, new Counted(id, 3)));
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.AppendAsync(id, "counter", ExpectedVersion.Exact(2), new Counted(id, 3)));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.events where stream_id = '{id}'"));
    }

    [Fact]
    public async Task Aggregating_with_or_without_a_snapshot_gives_the_same_state()
    {
        var id = NewStreamId();
        for (var i = 1; i <= 25; i++) await Store.AppendAsync(id, "account", ExpectedVersion.Any, i % 3 == 0 ? new Withdrawn(id, i) : new Deposited(id, i));
        static decimal Evolve(decimal balance, object e) => e switch
        {
            Deposited d => balance + d.Amount,
            Withdrawn w => balance - w.Amount,
            _ => balance,
        };

        var plain = await Store.AggregateAsync(id, 0m, Evolve);
        var policy = new SnapshotPolicy("balance_v1", Every: 10);
        var first = await Store.AggregateAsync(id, 0m, Evolve, snapshot: policy);     // writes a snapshot at 25
        await Store.AppendAsync(id, "account", ExpectedVersion.Exact(25), new Deposited(id, 100));
        var fromSnapshot = await Store.AggregateAsync(id, 0m, Evolve, snapshot: policy);
        var plainAfter = await Store.AggregateAsync(id, 0m, Evolve);

        Assert.Equal(plain, first);
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.snapshots where stream_id = '{id}'"));
        Assert.Equal(plainAfter, fromSnapshot);
        Assert.Equal(26, fromSnapshot.Version);
        // As of an earlier version, a later snapshot is not used.
        Assert.Equal(await Store.AggregateAsync(id, 0m, Evolve, asOfVersion: 12), await Store.AggregateAsync(id, 0m, Evolve, asOfVersion: 12, snapshot: policy));
    }
}
