using Messaging.Transport;
using RabbitMQ.Client;

namespace EndToEnd.Tests;

/// <summary>Removes what a test class declared on the shared broker: its exchange, its queues and their dead-letter pairs.</summary>
internal static class TestBroker
{
    public static async Task DeleteAsync(string exchange, params string[] queues)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestServers.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in queues)
        {
            await channel.QueueDeleteAsync(queue);
            await channel.QueueDeleteAsync(RabbitMqTopology.DeadLetterQueue(queue));
            await channel.ExchangeDeleteAsync(RabbitMqTopology.DeadLetterExchange(queue));
        }
        await channel.ExchangeDeleteAsync(exchange);
    }
}
