using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

/// <summary>
/// ReadCommittedAsync, the tail for code outside projections (the Host's live feed): from the head it returns
/// later commits, in (transaction, position) order, and an open transaction holds it back instead of being skipped.
/// </summary>
public sealed class TailTests : StoreTest
{
    [Fact]
    public async Task From_the_head_it_returns_later_commits_of_the_asked_types_in_order_and_moves_past_the_others()
    {
        var before = NewStreamId();
        await Store.AppendAsync(before, "counter", ExpectedVersion.NoStream, new Counted(before, 0));
        var head = await Store.ReadCommittedHeadAsync();

        var id = NewStreamId();
        await Store.AppendAsync(id, "counter", ExpectedVersion.NoStream, new Counted(id, 1), new Counted(id, 2));
        await Store.AppendAsync(id, "counter", ExpectedVersion.Exact(2), new Counted(id, 3));
        await Store.AppendAsync(NewStreamId(), "account", ExpectedVersion.NoStream, new Deposited("acc", 5));
        var deposit = (await Store.ReadAllAsync().ToListAsync()).Single(e => e.EventType == "deposited");

        var seen = new List<StoredEvent>();
        var at = head;
        await Eventually(async () =>
        {
            var page = await Store.ReadCommittedAsync(at, limit: 2, types: ["counted"]);
            seen.AddRange(page.Events);
            at = page.Next;
            return seen.Count >= 3 && Compare(at, new Checkpoint(deposit.TransactionId, deposit.Position)) >= 0;
        }, because: "the three counted events and a checkpoint past the deposit");

        Assert.Equal([1, 2, 3], seen.Where(e => e.StreamId == id).Select(e => ((Counted)e.Data!).N));
        // An earlier commit comes back only if a transaction still open (in another test, the cluster is shared)
        // held the horizon below it when the head was read.
        Assert.All(seen.Where(e => e.StreamId != id), e => Assert.True(e.StreamId == before && e.TransactionId > head.TransactionId));
        var rest = await Store.ReadCommittedAsync(at, limit: 10);
        Assert.DoesNotContain(rest.Events, e => e.StreamId == id || e.EventType == "deposited");
    }

    [Fact]
    public async Task An_open_transaction_holds_the_tail_back_and_is_not_skipped_when_it_commits()
    {
        var head = await Store.ReadCommittedHeadAsync();
        var held = NewStreamId();
        var later = NewStreamId();
        var seen = new List<StoredEvent>();
        var at = head;
        await using (var session = await Store.OpenSessionAsync())
        {
            await session.AppendAsync(held, "counter", ExpectedVersion.NoStream, [new NewEvent(new Counted(held, 1))]);
            await Store.AppendAsync(later, "counter", ExpectedVersion.NoStream, new Counted(later, 2));

            // The later commit sorts after the open transaction, so it must wait for it too.
            var whileOpen = await Store.ReadCommittedAsync(at, limit: 100);
            Assert.DoesNotContain(whileOpen.Events, e => e.StreamId == held || e.StreamId == later);
            at = whileOpen.Next;
            await session.CommitAsync();
        }

        await Eventually(async () =>
        {
            var page = await Store.ReadCommittedAsync(at, limit: 100);
            seen.AddRange(page.Events.Where(e => e.StreamId == held || e.StreamId == later));
            at = page.Next;
            return seen.Count >= 2;
        }, because: "both commits, the held one included");
        Assert.Equal([held, later], seen.Select(e => e.StreamId));
    }

    private static int Compare(Checkpoint a, Checkpoint b) => (a.TransactionId, a.Position).CompareTo((b.TransactionId, b.Position));
}
