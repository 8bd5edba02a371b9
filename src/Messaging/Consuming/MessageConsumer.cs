using System.Text;
using System.Text.Json;
using Messaging.Transport;
using Microsoft.Extensions.Logging;

namespace Messaging.Consuming;

/// <summary>
/// Feeds a queue into the bus: each delivery is deserialised by its pinned type name and handled with its id
/// recorded in the inbox in the handler's transaction, then acknowledged. A delivery of an unknown type or with a
/// body that does not deserialise can never succeed and is dead-lettered at once with the reason; a handler that
/// throws is retried by the transport, then dead-lettered.
/// </summary>
public sealed class MessageConsumer : IAsyncDisposable
{
    private readonly RabbitMqConsumer _consumer;

    private MessageConsumer(RabbitMqConsumer consumer) => _consumer = consumer;

    /// <param name="consumerName">The inbox's name for this consumer (usually the queue): ids are unique per consumer.</param>
    public static async Task<MessageConsumer> StartAsync(MessageBus bus, RabbitMqConnection connection, string queue, string consumerName,
        RabbitMqOptions options, ILogger logger, CancellationToken ct = default)
    {
        var consumer = await RabbitMqConsumer.StartAsync(connection, queue, options, (message, _, token) => HandleAsync(bus, consumerName, message, token), logger, ct);
        return new MessageConsumer(consumer);
    }

    private static async Task<HandleOutcome> HandleAsync(MessageBus bus, string consumerName, TransportMessage message, CancellationToken ct)
    {
        object? body;
        try
        {
            if (!bus.Options.Messages.TryDeserialize(message.MessageType, Encoding.UTF8.GetString(message.Body.Span), bus.Options.Json, out body) || body is null)
                throw new UnprocessableMessageException($"Unknown message type '{message.MessageType}'.");
        }
        catch (JsonException e)
        {
            throw new UnprocessableMessageException($"Message '{message.MessageType}' {message.MessageId} does not deserialise: {e.Message}");
        }
        var metadata = new MessageMetadata(message.CorrelationId, message.CausationId, message.UserId, message.Tenant);
        if (!await bus.HandleIncomingAsync(body, message.MessageId, metadata, consumerName, ct))
            MessagingMetrics.RecordDuplicate(consumerName, message.MessageType);
        return HandleOutcome.Handled;
    }

    public Task StopAsync(CancellationToken ct = default) => _consumer.StopAsync(ct);

    public ValueTask DisposeAsync() => _consumer.DisposeAsync();
}
