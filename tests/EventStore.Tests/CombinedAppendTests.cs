using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

/// <summary>
/// Concurrent small appends share commits (EventStoreOptions.CombineConcurrentAppends, on by default); each caller
/// must still see exactly what a lone append would give it: its result, its conflict, its duplicate.
/// </summary>
public sealed class CombinedAppendTests : StoreTest
{
    [Fact]
    public async Task Concurrent_appends_each_keep_their_own_results_conflicts_and_duplicates()
    {
        const int writers = 16, rounds = 30;
        var streams = Enumerable.Range(0, writers).Select(_ => NewStreamId()).ToArray();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var conflicts = 0;
            var duplicates = 0;
            long version = 0;
            string? lastKey = null;
            for (var i = 0; i < rounds; i++)
            {
                if (i % 7 == 3)
                {
                    // A stale expectation: refused with the stream's true version, nothing written.
                    var e = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
                        Store.AppendAsync(streams[w], "account", ExpectedVersion.Exact(version + 5), [new NewEvent(new Counted("stale", i))]));
                    Assert.Equal(version, e.Actual);
                    conflicts++;
                }
                else if (i % 5 == 4 && lastKey is not null)
                {
                    // A redelivery of the last append's key: a no-op reporting the original position.
                    var again = await Store.AppendAsync(streams[w], "account", ExpectedVersion.Any, [new NewEvent(new Counted("again", i), null, lastKey)]);
                    Assert.True(again.Streams[0].Events[0].Duplicate);
                    Assert.Equal(version, again.Streams[0].Events[0].StreamVersion);
                    duplicates++;
                }
                else
                {
                    var expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(version);
                    var result = await Store.AppendAsync(streams[w], "account", expected, [new NewEvent(new Counted($"w{w}", i), null, $"{streams[w]}-{i}")]);
                    version++;
                    lastKey = $"{streams[w]}-{i}";
                    Assert.Equal(version, result.Streams[0].Version);
                    Assert.Equal((version, false), (result.Streams[0].Events[0].StreamVersion, result.Streams[0].Events[0].Duplicate));
                }
            }
            return (version, conflicts, duplicates);
        })));

        for (var w = 0; w < writers; w++)
        {
            var events = await Store.ReadStreamAsync(streams[w]).ToListAsync();
            Assert.Equal(outcomes[w].version, events.Count);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.StreamVersion));
            Assert.All(events, e => Assert.NotEqual("stale", ((Counted)e.Data!).Key));
            Assert.All(events, e => Assert.NotEqual("again", ((Counted)e.Data!).Key));
        }
        Assert.Equal(writers * rounds, outcomes.Sum(o => o.version + o.conflicts + o.duplicates));
    }

    [Fact]
    public async Task A_stream_locked_by_a_long_transaction_does_not_hold_up_other_appends()
    {
        var locked = NewStreamId();
        await Store.AppendAsync(locked, "account", ExpectedVersion.NoStream, new Deposited("a", 1));
        await using var session = await Store.OpenSessionAsync();
        await session.AppendAsync(locked, "account", ExpectedVersion.Exact(1), [new NewEvent(new Deposited("a", 2))]); // holds the row lock

        var blocked = Store.AppendAsync(locked, "account", ExpectedVersion.Any, new Withdrawn("a", 1));
        var others = Enumerable.Range(0, 40).Select(i => Store.AppendAsync(NewStreamId(), "account", ExpectedVersion.NoStream, new Counted("o", i))).ToArray();

        // Everyone else finishes while the lock is still held; the blocked append waits for it alone.
        var all = Task.WhenAll(others);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.False(blocked.IsCompleted);

        await session.CommitAsync();
        var result = await blocked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, result.Streams[0].Version);
    }

    [Fact]
    public async Task With_combining_off_every_append_commits_alone()
    {
        await using var alone = NewStore(o => o.CombineConcurrentAppends = false);
        var ids = Enumerable.Range(0, 20).Select(_ => NewStreamId()).ToArray();
        await Task.WhenAll(ids.Select(id => alone.AppendAsync(id, "account", ExpectedVersion.NoStream, new Counted("x", 1))));

        Assert.Equal((0L, 0L), alone.CombinedCounts);
        Assert.Equal(20, await ScalarAsync("select count(*) from {schema}.events"));
    }
}
