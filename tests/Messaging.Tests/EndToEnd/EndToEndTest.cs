using Messaging.Consuming;
using Messaging.Handlers;
using Messaging.Outbox;
using Messaging.Tests.Infrastructure;
using Messaging.Tests.Transport;
using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.EndToEnd;

/// <summary>
/// Both sides over the real broker: a sending bus with its outbox and relay, a consuming bus with its inbox and
/// an effects handler, on one quorum queue of the test's own.
/// </summary>
public abstract class EndToEndTest : MessagingTest
{
    protected RabbitMqConnection Connection { get; private set; } = null!;
    private protected TestQueue Queue { get; private set; } = null!;
    protected MessagingOptions Options { get; private set; } = null!;
    protected MessageBus Sender { get; private set; } = null!;
    protected EffectsHandler<Ping> Effects { get; private set; } = null!;
    protected MessageBus Receiver { get; private set; } = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ScalarAsync(EffectsHandler<Ping>.CreateTableSql(Schema) + "; select 1");
        Connection = await RabbitMqConnection.ConnectAsync(RabbitMqTestEnvironment.Options(GetType().Name), NullLogger.Instance, CancellationToken.None);
        Queue = await TestQueue.DeclareAsync(Connection, GetType().Name.ToLowerInvariant(), "ping", "deposit");
        Options = NewOptions();
        Options.Exchange = Queue.Exchange;
        Options.Outbox.BatchSize = 200;
        Sender = new MessageBus(Store, AccountHandlers(), Options);
        Effects = new EffectsHandler<Ping>(Schema, p => (p.Key, p.N));
        Receiver = new MessageBus(Store, new HandlerRegistry().Add(Effects), Options);
    }

    protected async Task<OutboxRelay> StartRelayAsync(string node, Func<IOutboxPublisher, IOutboxPublisher>? wrap = null)
    {
        var publisher = new RabbitMqPublisher(Connection, NullLogger.Instance);
        _owned.Add(publisher);
        IOutboxPublisher outbox = new RabbitMqOutboxPublisher(publisher);
        var relay = new OutboxRelay(DataSource, Options.Outbox, wrap is null ? outbox : wrap(outbox), nodeId: node);
        Sender.OutboxCommitted += relay.Wake;
        _owned.Add(relay);
        await relay.StartAsync();
        return relay;
    }

    protected async Task<MessageConsumer> StartConsumerAsync()
    {
        var consumer = await MessageConsumer.StartAsync(Receiver, Connection, Queue.Queue, "effects", RabbitMqTestEnvironment.Options("consumer"), NullLogger.Instance);
        _owned.Add(consumer);
        return consumer;
    }

    public override async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await Queue.DisposeAsync();
        await Connection.DisposeAsync();
        await Sender.DisposeAsync();
        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Each (key, seq) handled exactly once, and per key in sequence order.</summary>
    protected async Task AssertExactlyOnceInOrderAsync(int keys, int perKey)
    {
        Assert.Equal(keys * perKey, await ScalarAsync("select count(*) from {schema}.effects"));
        Assert.Equal(keys * perKey, await ScalarAsync("select count(distinct (key, seq)) from {schema}.effects"));
        Assert.Equal(0, await ScalarAsync("""
            select count(*) from (select seq, lag(seq) over (partition by key order by id) as previous from {schema}.effects) s
             where previous is not null and seq <= previous
            """));
    }
}
