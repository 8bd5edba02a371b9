using Messaging.Outbox;
using Messaging.Tests.Infrastructure;
using Messaging.Tests.Transport;

namespace Messaging.Tests.EndToEnd;

[Collection(TransportCollection.Name)]
public sealed class FaultToleranceTests : EndToEndTest
{
    [Fact]
    public async Task A_broker_restart_in_the_middle_of_10000_messages_loses_nothing_duplicates_nothing_and_keeps_per_key_order()
    {
        const int keys = 20, perKey = 500;
        await StartRelayAsync("relay-restart");
        await StartConsumerAsync();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var seq = 1; seq <= perKey; seq++)
                foreach (var key in Enumerable.Range(0, keys / 4).Select(k => $"panel-{w}-{k}"))
                    await Sender.SendAsync(new Ping(seq, key), orderingKey: key); // the business side keeps accepting throughout
        })).ToArray();

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects") >= 2000, because: "a good part handled before the outage");
        try
        {
            await BrokerControl.StopAppAsync();
            await Eventually(async () => await ScalarAsync("select count(*) from {schema}.outbox") > 200, TimeSpan.FromSeconds(30), "the outbox grows while the broker is away");
        }
        finally
        {
            await BrokerControl.StartAppAsync();
        }
        await Task.WhenAll(writers);

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects") == keys * perKey, TimeSpan.FromSeconds(120), "all 10,000 handled");
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.outbox") == 0, because: "outbox drained");
        await AssertExactlyOnceInOrderAsync(keys, perKey);
    }

    [Fact]
    public async Task Two_relays_with_one_dying_mid_batch_lose_nothing_and_keep_per_key_order_through_the_broker()
    {
        const int keys = 10, perKey = 200;
        for (var seq = 1; seq <= perKey; seq++)
            for (var k = 0; k < keys; k++)
                await Sender.SendAsync(new Ping(seq, $"key-{k}"), orderingKey: $"key-{k}");
        await StartConsumerAsync();
        // The dying relay starts first and holds everything until the survivor's arrival makes it hand half over.
        var dying = await StartRelayAsync("relay-dying", inner => new DyingPublisher(inner, dieOnBatch: 3));
        await Eventually(() => Task.FromResult(dying.Partitions.Count == Options.Outbox.Partitions), because: "the first relay holds every partition");
        await StartRelayAsync("relay-survivor");
        await Eventually(() => Task.FromResult(((DyingPublisher)dying.Publisher).Died), because: "the dying relay died mid-batch");
        await dying.StopAsync(); // its partitions move to the survivor

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects") == keys * perKey, TimeSpan.FromSeconds(60), "all handled");
        await AssertExactlyOnceInOrderAsync(keys, perKey);
    }

    /// <summary>Publishes the first half of its Nth batch through the real broker, then fails as if the process died.</summary>
    private sealed class DyingPublisher(IOutboxPublisher inner, int dieOnBatch) : IOutboxPublisher
    {
        private int _batches;
        public bool Died { get; private set; }

        public async Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
        {
            if (Died) throw new IOException("this relay is dead");
            if (Interlocked.Increment(ref _batches) != dieOnBatch || batch.Count < 2)
            {
                await inner.PublishAsync(batch, ct);
                return;
            }
            await inner.PublishAsync(batch.Take(batch.Count / 2).ToArray(), ct);
            Died = true;
            throw new IOException("relay died mid-batch");
        }
    }
}
