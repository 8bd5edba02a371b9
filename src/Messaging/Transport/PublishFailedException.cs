namespace Messaging.Transport;

/// <summary>
/// A batch was not fully confirmed by the broker: a message was nacked, returned as unroutable, not confirmed
/// in time, or the connection/channel was down. Some messages of the batch may still have been delivered,
/// so the caller retries the whole batch later (consumers dedupe by message id).
/// </summary>
public sealed class PublishFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PublishFailedException(string message, int batchSize, IReadOnlyList<Guid> failedMessageIds,
        IReadOnlyList<Guid> unroutableMessageIds, Exception? innerException = null)
        : base(message, innerException)
    {
        BatchSize = batchSize;
        FailedMessageIds = failedMessageIds;
        UnroutableMessageIds = unroutableMessageIds;
    }

    /// <summary>How many messages the batch had.</summary>
    public int BatchSize { get; }

    /// <summary>How many messages of the batch were not confirmed (all of them when no channel could be opened).</summary>
    public int FailedCount => FailedMessageIds.Count;

    /// <summary>Ids of the messages that were not confirmed, for whatever reason, in batch order.</summary>
    public IReadOnlyList<Guid> FailedMessageIds { get; }

    /// <summary>
    /// Ids of the messages the broker returned because no queue is bound for their exchange and routing key. Unlike
    /// the other failures, retrying them cannot succeed until a binding is added.
    /// </summary>
    public IReadOnlyList<Guid> UnroutableMessageIds { get; }
}
