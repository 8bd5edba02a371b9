using EventStore;

namespace Messaging.Handlers;

/// <summary>What the aggregate workflow returns to an InvokeAsync caller.</summary>
/// <param name="Version">The stream's version after the append (unchanged when the command was already satisfied).</param>
public sealed record AggregateResult(string StreamId, long Version, IReadOnlyList<object> Events);

/// <summary>
/// The aggregate workflow for a command that targets a stream: fold the stream's events with the domain's
/// <c>Evolve</c>, call the domain's <c>Decide</c>, append its events expecting the version that was loaded.
/// A concurrency conflict makes the bus run the whole unit of work again (reload, decide, append).
/// </summary>
public sealed class AggregateHandler<TCommand, TState>(
    string streamType,
    Func<TCommand, string> streamId,
    TState initial,
    Func<TState, object, TState> evolve,
    Func<TCommand, TState, MessageContext, IReadOnlyList<object>> decide) : IMessageHandler
    where TCommand : notnull
{
    public Type MessageType => typeof(TCommand);

    public async Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct)
    {
        var command = (TCommand)message;
        var id = streamId(command);
        var current = await context.Session.AggregateAsync(id, initial, evolve, ct: ct);
        var events = decide(command, current.State, context);
        if (events.Count == 0) return new AggregateResult(id, current.Version, events);
        var expected = current.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(current.Version);
        var metadata = context.EventMetadata;
        var result = await context.Session.AppendAsync(id, streamType, expected, events.Select(e => new NewEvent(e, metadata)).ToArray(), ct);
        return new AggregateResult(id, result.Single.Version, events);
    }
}
