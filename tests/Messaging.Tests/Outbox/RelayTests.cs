using System.Collections.Concurrent;
using Messaging.Outbox;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Outbox;

public sealed class RelayTests : MessagingTest
{
    [Fact]
    public async Task Two_relays_share_the_partitions_and_one_dying_mid_batch_loses_nothing_and_keeps_per_key_order()
    {
        var options = NewOptions();
        var published = new ConcurrentQueue<Ping>();
        var dying = new OutboxRelay(DataSource, options.Outbox, new RecordingPublisher(published) { CrashOnBatch = 2 }, nodeId: "relay-a");
        var survivor = new OutboxRelay(DataSource, options.Outbox, new RecordingPublisher(published), nodeId: "relay-b");
        await dying.StartAsync();
        await survivor.StartAsync();
        await Eventually(() => Task.FromResult(dying.Partitions.Count + survivor.Partitions.Count == options.Outbox.Partitions && dying.Partitions.Count > 0 && survivor.Partitions.Count > 0),
            TimeSpan.FromSeconds(30), "partitions shared");

        // 4 writers, each owning 5 keys, writing 10 messages per transaction: 4,000 messages.
        var bus = new MessageBus(Store, new Messaging.Handlers.HandlerRegistry(), options);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var seq = 1; seq <= 50; seq++)
                foreach (var key in Enumerable.Range(0, 5).Select(k => $"panel-{w}-{k}"))
                    for (var i = 0; i < 4; i++)
                        await bus.SendAsync(new Ping((seq - 1) * 4 + i + 1, key), orderingKey: key);
        })).ToArray();
        await Task.Delay(100);
        await Task.WhenAll(writers);
        await Eventually(async () => published.Count >= 1, because: "something published");
        await dying.StopAsync(); // whatever it held goes to the survivor
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.outbox") == 0, TimeSpan.FromSeconds(60), "outbox drained");
        await survivor.StopAsync();

        var byKey = published.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.N).ToList());
        Assert.Equal(20, byKey.Count);
        foreach (var (key, seqs) in byKey)
        {
            Assert.Equal(Enumerable.Range(1, 200), seqs.Distinct().Order());                 // nothing lost
            var firstSeen = seqs.Distinct().ToList();                                       // first deliveries in order
            Assert.True(firstSeen.SequenceEqual(firstSeen.Order()), $"{key} out of order: {string.Join(",", seqs.Take(50))}");
        }
    }

    [Fact]
    public async Task Stats_show_the_backlog_its_age_and_the_live_relays()
    {
        var options = NewOptions();
        var bus = new MessageBus(Store, new Messaging.Handlers.HandlerRegistry(), options);
        for (var i = 0; i < 5; i++) await bus.SendAsync(new Ping(i, "k"));
        await bus.SendAsync(new Ping(99, "timer"), deliverAt: DateTimeOffset.UtcNow.AddHours(1)); // a timer is not a backlog
        var idle = await OutboxStats.ReadAsync(DataSource, options.Outbox);
        Assert.Equal((5L, 0, 1L), (idle.Pending, idle.ActiveRelays, idle.Scheduled)); // a backlog nobody relays is visible, not silent
        Assert.True(idle.OldestAgeSeconds >= 0);

        var published = new ConcurrentQueue<Ping>();
        await using var relay = new OutboxRelay(DataSource, options.Outbox, new RecordingPublisher(published));
        await relay.StartAsync();
        await Eventually(async () => (await OutboxStats.ReadAsync(DataSource, options.Outbox)) is { Pending: 0, ActiveRelays: 1, Scheduled: 1 });
        Assert.Equal(5, published.Count);
    }

    [Fact]
    public async Task A_scheduled_message_is_not_published_before_its_time()
    {
        var options = NewOptions();
        var bus = new MessageBus(Store, new Messaging.Handlers.HandlerRegistry(), options);
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        await bus.SendAsync(new Ping(1, "later"), deliverAt: due);
        await bus.SendAsync(new Ping(2, "now"));
        var published = new ConcurrentQueue<Ping>();
        var publishedAt = new ConcurrentDictionary<string, DateTimeOffset>();
        await using var relay = new OutboxRelay(DataSource, options.Outbox, new TimedPublisher(new RecordingPublisher(published), publishedAt));
        await relay.StartAsync();

        // Judged by when each was published, not by what a busy machine lets the test see when.
        await Eventually(() => Task.FromResult(published.Any(p => p.Key == "later")), TimeSpan.FromSeconds(30));
        Assert.True(publishedAt["later"] >= due, $"published at {publishedAt["later"]:O}, due at {due:O}");
        Assert.True(publishedAt["now"] <= publishedAt["later"]);
        Assert.Single(published, p => p.Key == "later");
    }

    /// <summary>Notes when each key was first published (after the inner publisher returned).</summary>
    private sealed class TimedPublisher(IOutboxPublisher inner, ConcurrentDictionary<string, DateTimeOffset> at) : IOutboxPublisher
    {
        public async Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
        {
            var started = DateTimeOffset.UtcNow; // a message is on its way from here: the earliest it can be early
            await inner.PublishAsync(batch, ct);
            foreach (var m in batch) at.TryAdd(m.OrderingKey ?? System.Text.Json.JsonSerializer.Deserialize<Ping>(m.Body.Span, System.Text.Json.JsonSerializerOptions.Web)!.Key, started);
        }
    }

    [Fact]
    public async Task A_scheduled_message_comes_due_in_a_partition_that_never_goes_idle()
    {
        // Reads start at the last published transaction; the scheduled row sits below it, and the partition's worker
        // never waits out a poll interval while messages keep coming. It must still be published once due.
        var options = NewOptions();
        var bus = new MessageBus(Store, new Messaging.Handlers.HandlerRegistry(), options);
        var published = new ConcurrentQueue<Ping>();
        await using var relay = new OutboxRelay(DataSource, options.Outbox, new RecordingPublisher(published));
        bus.OutboxCommitted += relay.Wake;
        await relay.StartAsync();
        var due = DateTimeOffset.UtcNow.AddSeconds(1);
        await bus.SendAsync(new Ping(0, "busy"), orderingKey: "busy", deliverAt: due);

        var n = 0;
        while (!published.Any(p => p.N == 0) && DateTimeOffset.UtcNow < due.AddSeconds(30))
            await bus.SendAsync(new Ping(++n, "busy"), orderingKey: "busy");

        Assert.Contains(published, p => p.N == 0);
        Assert.True(published.Count(p => p.N > 0) > 10, "the partition was busy meanwhile");
    }
}
