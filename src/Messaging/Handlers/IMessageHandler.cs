namespace Messaging.Handlers;

/// <summary>Handles one message type inside a unit of work. Built at start-up; invoked without reflection.</summary>
public interface IMessageHandler
{
    Type MessageType { get; }

    /// <summary>Runs the handler; its writes go to <paramref name="context"/>'s session. Returns the result for InvokeAsync callers.</summary>
    Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct);
}
