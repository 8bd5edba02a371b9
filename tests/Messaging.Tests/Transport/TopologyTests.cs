using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class TopologyTests : IAsyncLifetime
{
    private RabbitMqConnection _connection = null!;

    public async Task InitializeAsync() =>
        _connection = await RabbitMqConnection.ConnectAsync(RabbitMqTestEnvironment.Options("topology-tests"), NullLogger.Instance, CancellationToken.None);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Declaring_twice_is_idempotent_and_gives_a_quorum_queue_with_its_dead_letter_pair()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "topology", "alarm.*");
        await using var channel = await _connection.CreateChannelAsync(confirms: false, CancellationToken.None);

        await RabbitMqTopology.DeclareQueueAsync(channel, queue.Exchange, queue.Queue, ["alarm.*"], CancellationToken.None);

        await channel.ExchangeDeclarePassiveAsync(queue.Exchange);
        await channel.ExchangeDeclarePassiveAsync($"{queue.Queue}.dlx");
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue.Queue)).MessageCount);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync($"{queue.Queue}.dlq")).MessageCount);
        // The broker refuses a re-declaration with other arguments, which proves which ones the queues have.
        await AssertDeclaredWithAsync(queue.Queue, "x-queue-type",
            new() { ["x-queue-type"] = "classic", ["x-dead-letter-exchange"] = $"{queue.Queue}.dlx", ["x-single-active-consumer"] = true });
        await AssertDeclaredWithAsync(queue.Queue, "x-dead-letter-exchange",
            new() { ["x-queue-type"] = "quorum", ["x-dead-letter-exchange"] = "elsewhere", ["x-single-active-consumer"] = true });
        await AssertDeclaredWithAsync(queue.Queue, "x-single-active-consumer",
            new() { ["x-queue-type"] = "quorum", ["x-dead-letter-exchange"] = $"{queue.Queue}.dlx", ["x-single-active-consumer"] = false });
        await AssertDeclaredWithAsync(queue.DeadLetterQueue, "x-queue-type", new() { ["x-queue-type"] = "classic" });
    }

    [Fact]
    public async Task Messages_sent_to_the_dead_letter_exchange_or_rejected_by_the_consumer_land_in_the_dead_letter_queue()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "dlx-route", "alarm.*");
        await using var publisher = new RabbitMqPublisher(_connection, NullLogger.Instance);
        var direct = Sequenced.Batch($"{queue.Queue}.dlx", 0, 1, keys: 1);
        var routed = Sequenced.Batch(queue.Exchange, 1, 1, keys: 1)
            .Select(m => m with { RoutingKey = "alarm.raised" }).ToList();

        await publisher.PublishAsync(direct, CancellationToken.None);
        await publisher.PublishAsync(routed, CancellationToken.None);
        await using (var channel = await _connection.CreateChannelAsync(confirms: false, CancellationToken.None))
        {
            // basic.get is refused on single-active-consumer queues: subscribe, and reject the one delivery.
            var rejected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                // A broker-side rejection: dead-lettered by the queue's x-dead-letter-exchange.
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false);
                rejected.TrySetResult();
            };
            await channel.BasicConsumeAsync(queue.Queue, autoAck: false, consumer);
            await rejected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }

        await Eventually.TrueAsync(async () => await queue.CountAsync(queue.DeadLetterQueue) == 2, TimeSpan.FromSeconds(5),
            "both messages in the dead-letter queue");
        var letters = await DeadLetterQueue.PeekAsync(_connection, queue.Queue, max: 10, CancellationToken.None);
        Assert.Equal([0, 1], letters.Select(l => Sequenced.SeqOf(l.Message)).Order());
        Assert.Equal(0u, await queue.CountAsync(queue.Queue));
    }

    private async Task AssertDeclaredWithAsync(string queue, string argument, Dictionary<string, object?> otherArguments)
    {
        // A failed declaration closes its channel, so each check gets its own.
        await using var channel = await _connection.CreateChannelAsync(confirms: false, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, otherArguments));
        Assert.Equal((ushort)406, refused.ShutdownReason?.ReplyCode);
        Assert.Contains($"inequivalent arg '{argument}'", refused.ShutdownReason?.ReplyText);
    }
}
