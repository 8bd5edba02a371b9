using System.Text.Json;
using EventStore;
using Messaging.Outbox;

namespace Messaging;

/// <summary>
/// What a handler gets besides its message: the unit of work (events and outgoing messages commit together), the
/// message's metadata, and Send/Publish, which write to the outbox in that same transaction.
/// </summary>
public sealed class MessageContext
{
    private readonly MessagingOptions _options;
    private readonly List<OutboxMessage> _outgoing = [];

    internal MessageContext(MessagingOptions options, EventStoreSession session, Guid messageId, MessageMetadata metadata, IServiceProvider? services)
    {
        _options = options;
        Session = session;
        MessageId = messageId;
        Metadata = metadata;
        Services = services;
    }

    /// <summary>The transaction everything of this message is written in.</summary>
    public EventStoreSession Session { get; }

    /// <summary>The id of the message being handled: the causation id of everything it produces.</summary>
    public Guid MessageId { get; }

    public MessageMetadata Metadata { get; }

    public IServiceProvider? Services { get; }

    /// <summary>Metadata for events appended while handling this message.</summary>
    public EventMetadata EventMetadata => new(Metadata.CorrelationId ?? MessageId.ToString(), MessageId.ToString(), Metadata.UserId, Metadata.Tenant);

    internal IReadOnlyList<OutboxMessage> Outgoing => _outgoing;

    /// <summary>Sends <paramref name="message"/> through the outbox when this unit of work commits.</summary>
    /// <param name="orderingKey">Messages with the same key are published in commit order.</param>
    /// <param name="deliverAt">Schedule it: not delivered before this time (survives restarts, fires once).</param>
    public void Send(object message, string? orderingKey = null, DateTimeOffset? deliverAt = null) =>
        _outgoing.Add(Build(_options, message, orderingKey, deliverAt, new MessageMetadata(Metadata.CorrelationId ?? MessageId.ToString(), MessageId.ToString(), Metadata.UserId, Metadata.Tenant)));

    /// <summary>Publishes an event-like message to whoever subscribes (same delivery as <see cref="Send"/>).</summary>
    public void Publish(object message, string? orderingKey = null) => Send(message, orderingKey);

    internal static OutboxMessage Build(MessagingOptions options, object message, string? orderingKey, DateTimeOffset? deliverAt, MessageMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        var (exchange, routingKey) = options.RouteOf(type);
        return new OutboxMessage(Uuid7.NewGuid(), options.Messages.NameOf(type), exchange, routingKey,
            JsonSerializer.SerializeToUtf8Bytes(message, type, options.Json), orderingKey,
            metadata.CorrelationId, metadata.CausationId, metadata.UserId, metadata.Tenant, DeliverAt: deliverAt);
    }
}
