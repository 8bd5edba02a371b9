namespace Messaging.Transport;

/// <summary>A message to publish and its destination: a topic exchange and a routing key.</summary>
public sealed record OutgoingMessage(string Exchange, string RoutingKey, TransportMessage Message);
