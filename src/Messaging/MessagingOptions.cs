using System.Text.Json;
using EventStore;
using Messaging.Outbox;

namespace Messaging;

/// <summary>Settings of the message bus: message names, routing and retry policy.</summary>
public sealed class MessagingOptions
{
    /// <summary>Pinned names of message types (the broker's Type property and routing key).</summary>
    public EventTypeRegistry Messages { get; set; } = new();

    public JsonSerializerOptions Json { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The topic exchange messages are published to unless routed otherwise.</summary>
    public string Exchange { get; set; } = "alarm-monitoring";

    /// <summary>Per message type: exchange and routing key. Default: <see cref="Exchange"/> and the message's pinned name.</summary>
    public Dictionary<Type, (string Exchange, string RoutingKey)> Routes { get; } = [];

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>How many times at most a unit of work runs when it keeps meeting concurrency conflicts (reload, decide, append).</summary>
    public int MaxConflictRetries { get; set; } = 5;

    internal (string Exchange, string RoutingKey) RouteOf(Type type) =>
        Routes.TryGetValue(type, out var route) ? route : (Exchange, Messages.NameOf(type));
}
