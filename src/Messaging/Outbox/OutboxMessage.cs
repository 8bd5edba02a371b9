namespace Messaging.Outbox;

/// <summary>A message to publish through the outbox, with its destination and context.</summary>
/// <param name="OrderingKey">Messages with the same key are published in commit order (e.g. a panel or stream id).</param>
/// <param name="DeliverAt">A scheduled message: not published before this time (it keeps no order with unscheduled ones).</param>
public sealed record OutboxMessage(
    Guid MessageId,
    string MessageType,
    string Exchange,
    string RoutingKey,
    ReadOnlyMemory<byte> Body,
    string? OrderingKey = null,
    string? CorrelationId = null,
    string? CausationId = null,
    string? UserId = null,
    string? Tenant = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    DateTimeOffset? DeliverAt = null);
