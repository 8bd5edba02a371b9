namespace Messaging.Outbox;

/// <summary>
/// Publishes a batch to the broker and returns only when the broker has confirmed every message; throws if any
/// was not confirmed. The relay deletes the rows only after this returns.
/// </summary>
public interface IOutboxPublisher
{
    Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct);
}
