using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Messaging.Consuming;
using Messaging.Tests.Infrastructure;
using Messaging.Tests.Transport;
using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.EndToEnd;

/// <summary>
/// <see cref="MessagingMetrics"/> counts at the right places: published after confirms, unroutable, handled after the
/// ack, each retry, the dead-lettering, and inbox duplicates. Measurements are told apart from other tests' by this
/// test's own queue, exchange and consumer name.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class MessagingMetricsTests : EndToEndTest
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (k, v) in tags) labels[k] = v?.ToString();
            var mine = labels.GetValueOrDefault("queue") == Queue.Queue || labels.GetValueOrDefault("consumer") == Queue.Queue
                || labels.GetValueOrDefault("exchange") == Queue.Exchange;
            if (!mine) return;
            var key = $"{instrument.Name}|{labels.GetValueOrDefault("message_type")}|{labels.GetValueOrDefault("outcome")}";
            _counts.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    private long Count(string name, string messageType, string? outcome = null) =>
        _counts.GetValueOrDefault($"alarm_monitoring.messaging.{name}|{messageType}|{outcome}");

    private Task CountReachesAsync(string name, string messageType, long expected, string? outcome = null) =>
        Eventually(() => Task.FromResult(Count(name, messageType, outcome) >= expected), TimeSpan.FromSeconds(30), $"{name} {messageType} {outcome} reaching {expected}");

    [Fact]
    public async Task Publishing_handling_retries_dead_letters_and_duplicates_are_counted()
    {
        await StartRelayAsync("relay-metrics");
        var options = RabbitMqTestEnvironment.Options("metrics");
        await using var consumer = await MessageConsumer.StartAsync(Receiver, Connection, Queue.Queue, Queue.Queue, options, NullLogger.Instance);

        await Sender.SendAsync(new Ping(1, "ok"), orderingKey: "ok");
        await CountReachesAsync("messages_handled", "ping", 1);
        await CountReachesAsync("messages_published", "ping", 1); // counted after the outbox delete, which may follow the handling

        // the deposit's BalanceChanged has no queue bound here
        await Sender.InvokeAsync(new Deposit("acc-metrics", 5));
        await CountReachesAsync("messages_unroutable", "balance_changed", 1);

        // the same message id twice: handled both times, the second time by the inbox doing nothing
        await using (var publisher = new RabbitMqPublisher(Connection, NullLogger.Instance))
        {
            var twice = new TransportMessage(Guid.CreateVersion7(), "ping", JsonSerializer.SerializeToUtf8Bytes(new Ping(2, "dup"), JsonSerializerOptions.Web),
                "dup", null, null, null, null, null);
            await publisher.PublishAsync([new OutgoingMessage(Queue.Exchange, "ping", twice)], CancellationToken.None);
            await publisher.PublishAsync([new OutgoingMessage(Queue.Exchange, "ping", twice)], CancellationToken.None);
        }
        await CountReachesAsync("inbox_duplicates", "ping", 1);
        await CountReachesAsync("messages_handled", "ping", 3);

        Effects.Broken = true;
        await Sender.SendAsync(new Ping(3, "poison"), orderingKey: "poison");
        await CountReachesAsync("handler_failures", "ping", 1, "dead_lettered");
        await CountReachesAsync("messages_published", "ping", 2);

        Assert.Equal(options.MaxRetries, Count("handler_failures", "ping", "retried")); // one per attempt that was followed by another
        Assert.Equal((3, 1, 1, 2, 1), (Count("messages_handled", "ping"), Count("inbox_duplicates", "ping"), Count("handler_failures", "ping", "dead_lettered"),
            Count("messages_published", "ping"), Count("messages_unroutable", "balance_changed")));
    }

    public override async Task DisposeAsync()
    {
        _listener.Dispose();
        await base.DisposeAsync();
    }
}
