using System.Text.Json;
using Messaging.DeadLetters;
using Messaging.Outbox;
using Messaging.Tests.Infrastructure;
using Messaging.Tests.Transport;
using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.EndToEnd;

[Collection(TransportCollection.Name)]
public sealed class EndToEndTests : EndToEndTest
{
    [Fact]
    public async Task A_command_flows_through_events_outbox_relay_broker_consumer_and_inbox_to_its_effect()
    {
        await StartRelayAsync("relay-1");
        await StartConsumerAsync();
        for (var n = 1; n <= 20; n++)
            await Sender.InvokeAsync(new Deposit("acc-e2e", n), new MessageMetadata("corr-e2e"));
        // The deposit's handler sent BalanceChanged; this test's consumer handles Ping, so send those too.
        for (var n = 1; n <= 20; n++)
            await Sender.SendAsync(new Ping(n, "panel-1"), new MessageMetadata("corr-e2e"), orderingKey: "panel-1");

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects") == 20, because: "pings handled");
        Assert.Equal(20, (await Store.GetStreamAsync("acc-e2e"))!.Version);
        await AssertExactlyOnceInOrderAsync(keys: 1, perKey: 20);
        // BalanceChanged has no queue bound in this test: moved to dead_letters instead of blocking its partition for ever.
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.outbox") == 0, because: "outbox drained");
        Assert.Equal(20, await ScalarAsync("select count(*) from {schema}.dead_letters where exception_type = 'Unroutable' and message_type = 'balance_changed'"));
    }

    [Fact]
    public async Task The_same_message_id_delivered_twice_has_one_effect()
    {
        await StartConsumerAsync();
        await using var publisher = new RabbitMqPublisher(Connection, NullLogger.Instance);
        var message = new TransportMessage(Guid.CreateVersion7(), "ping", JsonSerializer.SerializeToUtf8Bytes(new Ping(1, "dup"), JsonSerializerOptions.Web),
            "dup", null, null, null, null, null);
        await publisher.PublishAsync([new OutgoingMessage(Queue.Exchange, "ping", message)], CancellationToken.None);
        await publisher.PublishAsync([new OutgoingMessage(Queue.Exchange, "ping", message)], CancellationToken.None);
        await publisher.PublishAsync([new OutgoingMessage(Queue.Exchange, "ping", message with { MessageId = Guid.CreateVersion7(), Body = JsonSerializer.SerializeToUtf8Bytes(new Ping(2, "dup"), JsonSerializerOptions.Web) })], CancellationToken.None);

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects where seq = 2") == 1, because: "the message after the duplicate handled");
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.effects where message_id = '{message.MessageId}'"));
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.inbox where message_id = '{message.MessageId}'"));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_then_dead_lettered_and_replayed_after_a_fix()
    {
        await StartRelayAsync("relay-dl");
        await StartConsumerAsync();
        Effects.Broken = true;
        await Sender.SendAsync(new Ping(1, "poison"), orderingKey: "poison");
        var store = new DeadLetterStore(DataSource, Options.Outbox);

        await Eventually(async () => await store.MoveFromQueueAsync(Connection, Queue.Queue) > 0, because: "dead-lettered after retries");
        var letter = Assert.Single(await store.ListAsync(Queue.Queue));
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        Assert.Equal("the handler is broken", letter.ExceptionMessage);
        Assert.Equal("ping", letter.MessageType);
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.effects"));

        Effects.Broken = false; // the fix ships
        Assert.Equal(1, await store.ReplayAsync([letter.Id]));
        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects where key = 'poison'") == 1, because: "replayed and handled");
        Assert.Empty(await store.ListAsync(Queue.Queue));
        Assert.Single(await store.ListAsync(Queue.Queue, includeReplayed: true));
    }

    [Fact]
    public async Task A_message_of_an_unknown_type_or_with_a_bad_body_is_dead_lettered_at_once_and_the_consumer_goes_on()
    {
        await StartConsumerAsync();
        await using var publisher = new RabbitMqPublisher(Connection, NullLogger.Instance);
        TransportMessage Message(string type, string body) => new(Guid.CreateVersion7(), type, System.Text.Encoding.UTF8.GetBytes(body), null, null, null, null, null, null);
        await publisher.PublishAsync(
        [
            new OutgoingMessage(Queue.Exchange, "ping", Message("no_such_type", "{}")),
            new OutgoingMessage(Queue.Exchange, "ping", Message("ping", "{ not json")),
            new OutgoingMessage(Queue.Exchange, "ping", Message("ping", JsonSerializer.Serialize(new Ping(5, "good"), JsonSerializerOptions.Web))),
        ], CancellationToken.None);

        await Eventually(async () => await ScalarAsync("select count(*) from {schema}.effects where key = 'good'") == 1);
        var store = new DeadLetterStore(DataSource, Options.Outbox);
        await Eventually(async () => { await store.MoveFromQueueAsync(Connection, Queue.Queue); return (await store.ListAsync(Queue.Queue)).Count == 2; });
        var reasons = (await store.ListAsync(Queue.Queue)).Select(l => l.ExceptionMessage).ToArray();
        Assert.Contains(reasons, r => r!.Contains("Unknown message type 'no_such_type'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.Contains("does not deserialise", StringComparison.Ordinal));
    }
}
