namespace Messaging.Inbox;

/// <summary>
/// The inbox already has this message for this consumer (a redelivery, or a concurrent delivery that committed
/// first): the unit of work committed nothing. The bus answers it as a duplicate.
/// </summary>
public sealed class AlreadyHandledException(string consumer, Guid messageId)
    : Exception($"Message {messageId} was already handled by consumer '{consumer}'.")
{
    public string Consumer { get; } = consumer;
    public Guid MessageId { get; } = messageId;
}
