using System.Collections.Concurrent;
using System.Text;
using Messaging.Transport;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Messaging.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class PublishConsumeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILogger _logger = new XunitLogger(output);
    private RabbitMqConnection _connection = null!;

    public async Task InitializeAsync() =>
        _connection = await RabbitMqConnection.ConnectAsync(RabbitMqTestEnvironment.Options("publish-consume-tests"), _logger, CancellationToken.None);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task A_thousand_confirmed_messages_are_all_handled_once_and_in_order_per_key_while_keys_run_in_parallel()
    {
        const int count = 1000, keys = 10;
        await using var queue = await TestQueue.DeclareAsync(_connection, "order", "seq.#");
        var seen = new Sequenced();
        var busyKeys = new ConcurrentDictionary<string, bool>();
        int running = 0, maxRunning = 0, overlapsOnOneKey = 0;
        await using var consumer = await RabbitMqConsumer.StartAsync(_connection, queue.Queue, _connection.Options, async (message, _, _) =>
        {
            if (!busyKeys.TryAdd(message.OrderingKey!, true))
                Interlocked.Increment(ref overlapsOnOneKey);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(1);
            seen.Record(message);
            Interlocked.Decrement(ref running);
            busyKeys.TryRemove(message.OrderingKey!, out _);
            return HandleOutcome.Handled;
        }, _logger, CancellationToken.None);
        await using var publisher = new RabbitMqPublisher(_connection, _logger);

        for (var from = 0; from < count; from += 250)
            await publisher.PublishAsync(Sequenced.Batch(queue.Exchange, from, 250, keys), CancellationToken.None);

        await Eventually.TrueAsync(() => seen.Distinct == count, TimeSpan.FromSeconds(20), $"all {count} messages handled");
        await consumer.StopAsync(CancellationToken.None);
        Assert.Equal(count, seen.Total);
        Assert.Empty(seen.OutOfOrderKeys());
        Assert.Equal(0, overlapsOnOneKey);
        Assert.True(maxRunning > 1, "different keys should be handled in parallel");
        Assert.Equal(0u, await queue.CountAsync(queue.Queue));
    }

    [Fact]
    public async Task Message_properties_and_headers_arrive_as_published()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "props", "alarm.raised");
        var received = new TaskCompletionSource<TransportMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = await RabbitMqConsumer.StartAsync(_connection, queue.Queue, _connection.Options, (message, _, _) =>
        {
            received.TrySetResult(message);
            return Task.FromResult(HandleOutcome.Handled);
        }, _logger, CancellationToken.None);
        await using var publisher = new RabbitMqPublisher(_connection, _logger);
        var sent = new TransportMessage(Guid.NewGuid(), "alarm_raised", Encoding.UTF8.GetBytes("{\"zone\":7}"), "panel-1",
            "corr-1", "cause-1", "operator-9", "tenant-a", new Dictionary<string, string> { ["schema"] = "2" });

        await publisher.PublishAsync([new OutgoingMessage(queue.Exchange, "alarm.raised", sent)], CancellationToken.None);

        var got = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sent with { Body = default, Headers = null }, got with { Body = default, Headers = null });
        Assert.Equal("{\"zone\":7}", Encoding.UTF8.GetString(got.Body.Span));
        Assert.Equal(sent.Headers, got.Headers);
    }

    [Fact]
    public async Task An_unroutable_message_fails_the_batch_and_the_publisher_keeps_working()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "unroutable", "seq.#");
        await using var publisher = new RabbitMqPublisher(_connection, _logger);
        var batch = Sequenced.Batch(queue.Exchange, 0, 3, keys: 1).ToList();
        batch[1] = batch[1] with { RoutingKey = "nobody.listens" };

        var failed = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync(batch, CancellationToken.None));
        Assert.Equal((1, 3), (failed.FailedCount, failed.BatchSize));
        Assert.Equal([batch[1].Message.MessageId], failed.UnroutableMessageIds);
        Assert.Equal([batch[1].Message.MessageId], failed.FailedMessageIds);
        Assert.Contains("unroutable", failed.Message);

        await publisher.PublishAsync([batch[0]], CancellationToken.None);
        await Eventually.TrueAsync(async () => await queue.CountAsync(queue.Queue) == 3, TimeSpan.FromSeconds(5),
            "the two routable messages of the failed batch and the later one");
    }

    [Fact]
    public async Task A_batch_that_breaks_the_channel_fails_and_the_next_batch_goes_out_on_a_new_channel()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "broken-channel", "seq.#");
        await using var publisher = new RabbitMqPublisher(_connection, _logger);
        var batch = Sequenced.Batch(queue.Exchange, 0, 20, keys: 2).ToList();
        // Publishing to a missing exchange makes the broker close the channel with confirms still outstanding.
        batch[10] = batch[10] with { Exchange = $"{queue.Exchange}.missing" };

        var failed = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync(batch, CancellationToken.None));
        Assert.InRange(failed.FailedCount, 1, 20);
        Assert.Contains(batch[10].Message.MessageId, failed.FailedMessageIds);
        Assert.Empty(failed.UnroutableMessageIds);

        await publisher.PublishAsync(Sequenced.Batch(queue.Exchange, 20, 5, keys: 2), CancellationToken.None);
        await Eventually.TrueAsync(async () => await queue.CountAsync(queue.Queue) >= 5, TimeSpan.FromSeconds(5), "the later batch delivered");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
                return;
        }
    }
}
