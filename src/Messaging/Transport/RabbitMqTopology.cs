using RabbitMQ.Client;

namespace Messaging.Transport;

/// <summary>
/// Start-up declarations. Re-declaring with the same arguments is a no-op in RabbitMQ, so every process
/// declares what it uses each time it starts.
/// </summary>
public static class RabbitMqTopology
{
    /// <summary>Name of the fanout exchange that dead letters of <paramref name="queue"/> go to.</summary>
    public static string DeadLetterExchange(string queue) => $"{queue}.dlx";

    /// <summary>Name of the queue holding the dead letters of <paramref name="queue"/>.</summary>
    public static string DeadLetterQueue(string queue) => $"{queue}.dlq";

    /// <summary>
    /// Declares the durable topic exchange <paramref name="exchange"/>, the quorum queue <paramref name="queue"/> bound to
    /// it with <paramref name="routingKeys"/>, and its dead-letter exchange <c>{queue}.dlx</c> (fanout) with the quorum
    /// queue <c>{queue}.dlq</c>. The main queue names the dead-letter exchange as its <c>x-dead-letter-exchange</c>, so
    /// messages the broker itself rejects land in the same place as those the consumer gives up on.
    /// </summary>
    public static async Task DeclareQueueAsync(IChannel ch, string exchange, string queue, IEnumerable<string> routingKeys, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exchange);
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        var dlx = DeadLetterExchange(queue);
        var dlq = DeadLetterQueue(queue);

        await ch.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        await ch.ExchangeDeclareAsync(dlx, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);

        // The dead-letter queue first, so that nothing dead-lettered by the main queue is dropped for lack of a route.
        await ch.QueueDeclareAsync(dlq, durable: true, exclusive: false, autoDelete: false,
            arguments: Quorum(), cancellationToken: ct).ConfigureAwait(false);
        await ch.QueueBindAsync(dlq, dlx, routingKey: "", cancellationToken: ct).ConfigureAwait(false);

        var mainArguments = Quorum();
        mainArguments["x-dead-letter-exchange"] = dlx;
        // One consuming process at a time (the others stand by and take over): the consumer's per-key lanes keep
        // order only within one process, and every host runs the same consumers.
        mainArguments["x-single-active-consumer"] = true;
        await ch.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: mainArguments, cancellationToken: ct).ConfigureAwait(false);
        foreach (var key in routingKeys)
            await ch.QueueBindAsync(queue, exchange, key, cancellationToken: ct).ConfigureAwait(false);
    }

    // Quorum queues: replicated and durable, so a confirmed message survives a broker restart.
    private static Dictionary<string, object?> Quorum() => new() { ["x-queue-type"] = "quorum" };
}
