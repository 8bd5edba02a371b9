using EventStore;

namespace Messaging.Handlers;

/// <summary>What the aggregate workflow returns to an InvokeAsync caller.</summary>
/// <param name="Version">The stream's version after the append (unchanged when the command was already satisfied).</param>
public sealed record AggregateResult(string StreamId, long Version, IReadOnlyList<object> Events);

/// <summary>
/// The aggregate workflow for a command that targets a stream: fold the stream's events with the domain's
/// <c>Evolve</c>, call the domain's <c>Decide</c>, append its events expecting the version that was loaded (sent
/// with the commit: a load and a commit, two round trips for the whole unit of work).
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
        // Queued: written with the unit's COMMIT, in its round trip. A conflict fails the commit, and the bus runs the
        // whole unit again; the version after it is known without asking, as the expectation is exact.
        context.Session.Append(id, streamType, expected, events.Select(e => new NewEvent(e, metadata)).ToArray());
        return new AggregateResult(id, current.Version + events.Count, events);
    }
}
