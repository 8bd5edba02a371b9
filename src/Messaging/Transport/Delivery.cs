using RabbitMQ.Client;

namespace Messaging.Transport;

/// <summary>A delivery taken from the broker, waiting for or being handled by a consumer worker.</summary>
/// <param name="Problem">Why it cannot be handled at all (no type, bad id), or null.</param>
internal sealed record Delivery(
    ulong Tag, string RoutingKey, IReadOnlyBasicProperties Properties, ReadOnlyMemory<byte> Body,
    TransportMessage Message, string? Problem);
