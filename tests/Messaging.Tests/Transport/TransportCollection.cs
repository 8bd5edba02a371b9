namespace Messaging.Tests.Transport;

/// <summary>
/// The transport tests share one RabbitMQ node and one of them stops it, so they run one after the other and
/// alone in this assembly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TransportCollection
{
    public const string Name = "RabbitMQ transport";
}
