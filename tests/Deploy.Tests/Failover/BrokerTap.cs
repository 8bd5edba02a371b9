using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Deploy.Tests.Failover;

/// <summary>A message as the broker delivered it: its id, its body, and when it came (on the test's clock).</summary>
public sealed record TappedMessage(string MessageId, JsonElement Body, TimeSpan ReceivedAt);

/// <summary>
/// A throwaway queue bound to routing keys on the Host's exchange, standing where the ingest would, that records every
/// delivery: what the outbox relay published. Bound before the Host starts, so nothing it relays passes unseen.
/// </summary>
public sealed class BrokerTap : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<TappedMessage> _received = new();

    private BrokerTap(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>Every delivery so far, duplicates included (the relay publishes at least once).</summary>
    public IReadOnlyCollection<TappedMessage> Received => _received;

    public static async Task<BrokerTap> BindAsync(string uri, string exchange, IEnumerable<string> routingKeys, Stopwatch clock)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "failover-test-tap" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var tap = new BrokerTap(connection, channel);
        // The Host declares the same exchange at its start; declaring it first lets the binding exist before then.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var key in routingKeys) await channel.QueueBindAsync(queue, exchange, key);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var body = JsonDocument.Parse(delivery.Body).RootElement.Clone();
            tap._received.Enqueue(new TappedMessage(delivery.BasicProperties.MessageId ?? "", body, clock.Elapsed));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return tap;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
