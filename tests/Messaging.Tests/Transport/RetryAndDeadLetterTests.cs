using System.Collections.Concurrent;
using Messaging.Transport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Messaging.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class RetryAndDeadLetterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILogger _logger = new XunitLogger(output);
    private RabbitMqConnection _connection = null!;
    private RabbitMqPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _connection = await RabbitMqConnection.ConnectAsync(RabbitMqTestEnvironment.Options("retry-tests"), _logger, CancellationToken.None);
        _publisher = new RabbitMqPublisher(_connection, _logger);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_that_fails_twice_then_succeeds_handles_the_message_once_on_attempt_three()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "flaky");
        var attempts = new ConcurrentQueue<int>();
        var handled = 0;
        await using var consumer = await StartAsync(queue, (_, attempt, _) =>
        {
            attempts.Enqueue(attempt);
            if (attempt < 3)
                throw new TimeoutException("database busy");
            Interlocked.Increment(ref handled);
            return Task.FromResult(HandleOutcome.Handled);
        });

        await _publisher.PublishAsync(Sequenced.Batch(queue.Exchange, 0, 1, keys: 1), CancellationToken.None);

        await Eventually.TrueAsync(() => handled == 1, TimeSpan.FromSeconds(10), "the message handled");
        await consumer.StopAsync(CancellationToken.None);
        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(0u, await queue.CountAsync(queue.Queue));
        Assert.Equal(0u, await queue.CountAsync(queue.DeadLetterQueue));
    }

    [Fact]
    public async Task A_message_that_always_fails_is_dead_lettered_with_the_exception_and_the_next_ones_are_still_handled()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "poison");
        var handled = new ConcurrentQueue<int>();
        await using var consumer = await StartAsync(queue, (message, _, _) =>
        {
            var seq = Sequenced.SeqOf(message);
            if (seq == 0)
                throw new InvalidOperationException("zone 7 does not exist");
            handled.Enqueue(seq);
            return Task.FromResult(HandleOutcome.Handled);
        });
        var batch = Sequenced.Batch(queue.Exchange, 0, 5, keys: 1);

        await _publisher.PublishAsync(batch, CancellationToken.None);

        await Eventually.TrueAsync(() => handled.Count == 4, TimeSpan.FromSeconds(10), "the messages after the poison one handled");
        Assert.Equal([1, 2, 3, 4], handled);
        var letter = Assert.Single(await PeekEventuallyAsync(queue));
        Assert.Equal(batch[0].Message with { Body = default }, letter.Message with { Body = default });
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        Assert.Equal("zone 7 does not exist", letter.ExceptionMessage);
        Assert.Contains(nameof(A_message_that_always_fails_is_dead_lettered_with_the_exception_and_the_next_ones_are_still_handled),
            letter.ExceptionStack);
        Assert.Equal((queue.Queue, 4), (letter.OriginalQueue, letter.Attempts));
        Assert.InRange(letter.FailedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        await consumer.StopAsync(CancellationToken.None);
        Assert.Equal(0u, await queue.CountAsync(queue.Queue));
    }

    [Fact]
    public async Task A_message_without_a_type_or_refused_by_the_handler_is_dead_lettered_at_once()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "untyped");
        var calls = new ConcurrentQueue<int>();
        await using var consumer = await StartAsync(queue, (message, attempt, _) =>
        {
            calls.Enqueue(attempt);
            return Task.FromResult(HandleOutcome.DeadLetter);
        });
        await using (var channel = await _connection.CreateChannelAsync(confirms: true, CancellationToken.None))
        {
            var untyped = new BasicProperties { MessageId = Guid.NewGuid().ToString(), Persistent = true };
            await channel.BasicPublishAsync(queue.Exchange, "any", mandatory: true, untyped, "{}"u8.ToArray());
        }
        await _publisher.PublishAsync(Sequenced.Batch(queue.Exchange, 0, 1, keys: 1), CancellationToken.None);

        var letters = await PeekEventuallyAsync(queue, expected: 2);
        var untypedLetter = Assert.Single(letters, l => l.Message.MessageType == "");
        Assert.Equal(("Messaging.Transport.InvalidMessage", 0), (untypedLetter.ExceptionType, untypedLetter.Attempts));
        Assert.Contains("no type", untypedLetter.ExceptionMessage);
        var refused = Assert.Single(letters, l => l.Message.MessageType == Sequenced.MessageType);
        Assert.Equal(("Messaging.Transport.HandlerRejected", 1), (refused.ExceptionType, refused.Attempts));
        Assert.Equal([1], calls);
    }

    private Task<RabbitMqConsumer> StartAsync(TestQueue queue, MessageHandler handler) =>
        RabbitMqConsumer.StartAsync(_connection, queue.Queue, _connection.Options, handler, _logger, CancellationToken.None);

    private async Task<IReadOnlyList<DeadLetter>> PeekEventuallyAsync(TestQueue queue, int expected = 1)
    {
        IReadOnlyList<DeadLetter> letters = [];
        await Eventually.TrueAsync(async () =>
            (letters = await DeadLetterQueue.PeekAsync(_connection, queue.Queue, max: 10, CancellationToken.None)).Count >= expected,
            TimeSpan.FromSeconds(10), $"{expected} dead letter(s) in {queue.DeadLetterQueue}");
        return letters;
    }
}
