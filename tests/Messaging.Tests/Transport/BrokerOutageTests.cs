using Messaging.Transport;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Messaging.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class BrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Count = 2000, Keys = 10, BatchSize = 50, Backlog = 300;
    private readonly ILogger _logger = new XunitLogger(output);
    private RabbitMqConnection _connection = null!;

    public async Task InitializeAsync() =>
        _connection = await RabbitMqConnection.ConnectAsync(RabbitMqTestEnvironment.Options("outage-tests"), _logger, CancellationToken.None);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Every_message_is_handled_at_least_once_in_order_per_key_across_a_broker_restart()
    {
        await using var queue = await TestQueue.DeclareAsync(_connection, "outage", "seq.#");
        var seen = new Sequenced();
        await using var consumer = await RabbitMqConsumer.StartAsync(_connection, queue.Queue, _connection.Options, async (message, _, ct) =>
        {
            // Slower than the publisher, so deliveries are in flight and unacknowledged when the broker stops.
            await Task.Delay(5, ct);
            seen.Record(message);
            return HandleOutcome.Handled;
        }, _logger, CancellationToken.None);
        await using var publisher = new RabbitMqPublisher(_connection, _logger);
        var failures = 0;
        Task? stopping = null;
        try
        {
            for (var from = 0; from < Count; from += BatchSize)
            {
                if (from == Count / 4)
                    stopping = BrokerControl.StopAppAsync();
                // Publish no faster than the consumer keeps up, so the outage hits both sides mid-stream.
                await Eventually.TrueAsync(() => seen.Distinct >= from - Backlog || stopping is { IsCompleted: true },
                    TimeSpan.FromSeconds(30), "the consumer to keep up");
                // Hold the last batch until the broker is down, so at least one publish meets the outage.
                if (from == Count - BatchSize && failures == 0)
                    await stopping!;
                var batch = Sequenced.Batch(queue.Exchange, from, BatchSize, Keys);
                try
                {
                    await publisher.PublishAsync(batch, CancellationToken.None);
                }
                catch (PublishFailedException ex)
                {
                    _logger.LogInformation("Batch at {From} failed as expected: {Message}", from, ex.Message);
                    failures++;
                    await stopping!;
                    await BrokerControl.StartAppAsync();
                    await BrokerControl.WaitUntilReachableAsync(TimeSpan.FromSeconds(30));
                    // What the outbox relay does: the same batch again, until the broker confirms it.
                    await Eventually.TrueAsync(() => TryPublishAsync(publisher, batch), TimeSpan.FromSeconds(30), "the failed batch republished");
                    _logger.LogInformation("Batch at {From} republished; {Seen} handled so far", from, seen.Distinct);
                }
            }
        }
        finally
        {
            await (stopping ?? Task.CompletedTask).ContinueWith(_ => { }, TaskScheduler.Default);
            await BrokerControl.StartAppAsync();   // never leave the shared node stopped, whatever happened
        }

        await Eventually.TrueAsync(() => seen.Distinct == Count, TimeSpan.FromSeconds(40),
            $"all {Count} messages handled (missing: {string.Join(",", seen.Missing(Count).Take(20))})");
        _logger.LogInformation("{Total} deliveries handled for {Count} messages", seen.Total, Count);
        Assert.True(failures >= 1, "a publish during the outage should have failed");
        Assert.Empty(seen.OutOfOrderKeys());
    }

    private static async Task<bool> TryPublishAsync(RabbitMqPublisher publisher, IReadOnlyList<OutgoingMessage> batch)
    {
        try
        {
            await publisher.PublishAsync(batch, CancellationToken.None);
            return true;
        }
        catch (PublishFailedException)
        {
            return false;
        }
    }
}
