using Messaging.Transport;

namespace Messaging.Outbox;

/// <summary>The relay's publisher on RabbitMQ: the whole batch in flight at once, returning when every message is confirmed.</summary>
public sealed class RabbitMqOutboxPublisher(RabbitMqPublisher publisher) : IOutboxPublisher
{
    public async Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        try
        {
            await publisher.PublishAsync(batch.Select(ToOutgoing).ToArray(), ct);
        }
        catch (PublishFailedException e) when (e.UnroutableMessageIds.Count > 0 && e.UnroutableMessageIds.Count == e.FailedMessageIds.Count)
        {
            // Everything else was confirmed; only messages nobody is bound to receive failed.
            throw new UnroutableMessagesException(e.UnroutableMessageIds, e);
        }
    }

    internal static OutgoingMessage ToOutgoing(OutboxMessage m) =>
        new(m.Exchange, m.RoutingKey, new TransportMessage(m.MessageId, m.MessageType, m.Body, m.OrderingKey,
            m.CorrelationId, m.CausationId, m.UserId, m.Tenant, m.Headers));
}
