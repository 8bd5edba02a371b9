namespace Messaging.Transport;

/// <summary>
/// A message as it travels over the broker, independent of RabbitMQ types.
/// </summary>
/// <param name="MessageId">Unique id; the inbox dedupes redeliveries by it.</param>
/// <param name="MessageType">Pinned type name (AMQP <c>type</c>); a delivery without one is dead-lettered.</param>
/// <param name="Body">Serialized payload (JSON).</param>
/// <param name="OrderingKey">Messages with the same key are handled one at a time, in publish order.</param>
/// <param name="CorrelationId">Id of the conversation this message belongs to.</param>
/// <param name="CausationId">Id of the message or command that caused this one.</param>
/// <param name="UserId">The acting user, if any.</param>
/// <param name="Tenant">The tenant, if any.</param>
/// <param name="Headers">
/// Extra application headers. Names starting with <c>x-</c> and the names in <see cref="TransportHeaders"/>
/// are reserved for the transport and the broker and are not surfaced here.
/// </param>
public sealed record TransportMessage(
    Guid MessageId,
    string MessageType,
    ReadOnlyMemory<byte> Body,
    string? OrderingKey,
    string? CorrelationId,
    string? CausationId,
    string? UserId,
    string? Tenant,
    IReadOnlyDictionary<string, string>? Headers);
