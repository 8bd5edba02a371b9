using Messaging.Transport;
using RabbitMQ.Client;

namespace Messaging.Tests.Transport;

/// <summary>
/// A test's own exchange, quorum queue and dead-letter pair, named with a Guid suffix and deleted at the end,
/// so tests never see each other's messages.
/// </summary>
public sealed class TestQueue : IAsyncDisposable
{
    private readonly RabbitMqConnection _connection;

    private TestQueue(RabbitMqConnection connection, string name)
    {
        _connection = connection;
        Exchange = $"test.{name}.x";
        Queue = $"test.{name}.q";
    }

    public string Exchange { get; }

    public string Queue { get; }

    public string DeadLetterQueue => RabbitMqTopology.DeadLetterQueue(Queue);

    public static async Task<TestQueue> DeclareAsync(RabbitMqConnection connection, string name, params string[] routingKeys)
    {
        var queue = new TestQueue(connection, $"{name}.{Guid.NewGuid():N}");
        await using var channel = await connection.CreateChannelAsync(confirms: false, CancellationToken.None);
        await RabbitMqTopology.DeclareQueueAsync(channel, queue.Exchange, queue.Queue,
            routingKeys.Length > 0 ? routingKeys : ["#"], CancellationToken.None);
        return queue;
    }

    public async Task<uint> CountAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync(confirms: false, CancellationToken.None);
        return await channel.MessageCountAsync(queue);
    }

    public async ValueTask DisposeAsync()
    {
        // The broker may have just come back from an outage test: wait for the connection before cleaning up.
        await Eventually.TrueAsync(() => _connection.IsOpen, TimeSpan.FromSeconds(15), "the connection to be open for clean-up");
        await using var channel = await _connection.CreateChannelAsync(confirms: false, CancellationToken.None);
        await channel.QueueDeleteAsync(Queue, ifUnused: false, ifEmpty: false);
        await channel.QueueDeleteAsync(DeadLetterQueue, ifUnused: false, ifEmpty: false);
        await channel.ExchangeDeleteAsync(Exchange, ifUnused: false);
        await channel.ExchangeDeleteAsync(RabbitMqTopology.DeadLetterExchange(Queue), ifUnused: false);
    }
}
