namespace Messaging.Outbox;

/// <summary>
/// The broker confirmed a batch except for messages that no queue is bound to receive. Retrying cannot help and
/// would block their partition for ever (the "stuck outbox"), so the relay moves them to <c>dead_letters</c>.
/// </summary>
public sealed class UnroutableMessagesException(IReadOnlyCollection<Guid> messageIds, Exception? inner = null)
    : Exception($"{messageIds.Count} message(s) had no queue to go to.", inner)
{
    public IReadOnlyCollection<Guid> MessageIds { get; } = messageIds;
}
