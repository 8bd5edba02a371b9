using System.Text.Json;
using RabbitMQ.Client;

namespace PanelIngest.Tests.Ingest;

/// <summary>A throwaway queue on the test's exchange, to see what the ingest published (the Host's side, in a test).</summary>
internal sealed class BrokerQueue : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly string queue;

    private BrokerQueue(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    public static async Task<BrokerQueue> BindAsync(string exchange, params string[] routingKeys)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(IngestDatabase.RabbitMq) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var key in routingKeys) await channel.QueueBindAsync(queue, exchange, key);
        return new BrokerQueue(connection, channel, queue);
    }

    /// <summary>Every message taken from the queue so far: its type and body.</summary>
    public List<(string Type, JsonElement Body)> Received { get; } = [];

    /// <summary>The next message's body as JSON, waiting up to <paramref name="seconds"/>.</summary>
    public async Task<JsonElement> NextAsync(int seconds = 30) => (await NextOfAsync(_ => true, seconds)).Body;

    /// <summary>The next message that matches, waiting up to <paramref name="seconds"/>; others are kept in <see cref="Received"/>.</summary>
    public async Task<(string Type, JsonElement Body)> NextOfAsync(Func<(string Type, JsonElement Body), bool> match, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
            {
                var message = (got.BasicProperties.Type ?? got.RoutingKey, JsonDocument.Parse(got.Body).RootElement.Clone());
                Received.Add(message);
                if (match(message)) return message;
                continue;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching message on {queue} in {seconds} s.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
