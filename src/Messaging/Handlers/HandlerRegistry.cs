using System.Reflection;
using EventStore;

namespace Messaging.Handlers;

/// <summary>The handlers of a process, one per message type, found at start-up.</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<Type, IMessageHandler> _handlers = [];

    /// <summary>
    /// Finds handlers in <paramref name="assembly"/>: public classes whose name ends in <c>Handler</c>, with public
    /// methods named <c>Handle</c> or <c>HandleAsync</c>; the first parameter is the message.
    /// </summary>
    public HandlerRegistry Discover(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && t.Name.EndsWith("Handler", StringComparison.Ordinal)))
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(m => m.Name is "Handle" or "HandleAsync" && m.GetParameters().Length > 0 && !m.IsGenericMethodDefinition))
                Add(HandlerCompiler.Compile(method));
        return this;
    }

    /// <summary>Adds a handler (e.g. an <see cref="AggregateHandler{TCommand,TState}"/>).</summary>
    /// <exception cref="ArgumentException">The message type already has a handler.</exception>
    public HandlerRegistry Add(IMessageHandler handler)
    {
        if (!_handlers.TryAdd(handler.MessageType, handler))
            throw new ArgumentException($"{handler.MessageType.Name} already has a handler; one handler per message type.");
        return this;
    }

    /// <summary>Adds the aggregate workflow for <typeparamref name="TCommand"/> on streams of <paramref name="streamType"/>.</summary>
    public HandlerRegistry AddAggregate<TCommand, TState>(string streamType, Func<TCommand, string> streamId, TState initial,
        Func<TState, object, TState> evolve, Func<TCommand, TState, IReadOnlyList<object>> decide) where TCommand : notnull =>
        Add(new AggregateHandler<TCommand, TState>(streamType, streamId, initial, evolve, (c, s, _) => decide(c, s)));

    public bool TryGet(Type messageType, out IMessageHandler handler) => _handlers.TryGetValue(messageType, out handler!);

    public IReadOnlyCollection<Type> MessageTypes => _handlers.Keys;
}
