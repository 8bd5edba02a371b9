using System.Threading.Channels;
using Messaging.Transport;

namespace Messaging.Outbox;

/// <summary>
/// The relay's publisher on RabbitMQ: a batch is in flight at once and the call returns when every message is
/// confirmed. Several confirm channels serve the relay's partitions in parallel (each partition still publishes
/// one batch at a time, so its order holds); one channel alone would make every partition wait for the others'
/// confirms.
/// </summary>
public sealed class RabbitMqOutboxPublisher : IOutboxPublisher
{
    private readonly Channel<RabbitMqPublisher> _idle;

    public RabbitMqOutboxPublisher(params RabbitMqPublisher[] publishers)
    {
        if (publishers.Length == 0) throw new ArgumentException("At least one publisher is needed.", nameof(publishers));
        _idle = Channel.CreateUnbounded<RabbitMqPublisher>();
        foreach (var p in publishers) _idle.Writer.TryWrite(p);
    }

    public async Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var publisher = await _idle.Reader.ReadAsync(ct);
        try
        {
            await publisher.PublishAsync(batch.Select(ToOutgoing).ToArray(), ct);
        }
        catch (PublishFailedException e) when (e.UnroutableMessageIds.Count > 0 && e.UnroutableMessageIds.Count == e.FailedMessageIds.Count)
        {
            // Everything else was confirmed; only messages nobody is bound to receive failed.
            throw new UnroutableMessagesException(e.UnroutableMessageIds, e);
        }
        finally
        {
            _idle.Writer.TryWrite(publisher);
        }
    }

    internal static OutgoingMessage ToOutgoing(OutboxMessage m) =>
        new(m.Exchange, m.RoutingKey, new TransportMessage(m.MessageId, m.MessageType, m.Body, m.OrderingKey,
            m.CorrelationId, m.CausationId, m.UserId, m.Tenant, m.Headers));
}
