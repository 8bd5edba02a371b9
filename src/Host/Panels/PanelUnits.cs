using Domain.Panels;
using EventStore;
using Messaging;

namespace Host.Panels;

/// <summary>Loading and appending a panel stream inside a message handler's unit of work.</summary>
internal static class PanelUnits
{
    public static Task<Aggregate<PanelState>> LoadAsync(EventStoreSession session, string panelId, CancellationToken ct) =>
        session.AggregateAsync(panelId, PanelState.Initial, (s, e) => e is PanelEvent p ? PanelState.Evolve(s, p) : s, ct: ct);

    /// <summary>Appends expecting <paramref name="loadedVersion"/>: a concurrent change makes the bus run the unit again.</summary>
    /// <param name="idempotencyKey">For a single event that must be stored once whatever happens (a panel's own record).</param>
    /// <param name="metadata">The events' metadata; by default the message's (correlation, causation = the message).</param>
    public static Task<AppendResult> AppendAsync(MessageContext context, long loadedVersion, IReadOnlyList<PanelEvent> events, string? idempotencyKey, CancellationToken ct,
        EventMetadata? metadata = null)
    {
        metadata ??= context.EventMetadata;
        var expected = loadedVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(loadedVersion);
        return context.Session.AppendAsync(events[0].PanelId, PanelStreams.StreamType, expected,
            events.Select((e, i) => new NewEvent(e, metadata, i == 0 ? idempotencyKey : null)).ToArray(), ct);
    }
}
