using Domain;
using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;

namespace Audit.Streams;

/// <summary>
/// Folds a stream's events with the domain's own <c>Evolve</c>, chosen by the stream id's prefix
/// (<see cref="StreamIds"/>), so that "the state as of" is exactly what a command handler would have seen.
/// </summary>
internal static class DomainStates
{
    public static object? Fold(string streamId, IEnumerable<object?> events) => streamId switch
    {
        _ when streamId.StartsWith(StreamIds.SitePrefix, StringComparison.Ordinal) => events.OfType<SiteEvent>().Aggregate(SiteState.Initial, SiteState.Evolve),
        _ when streamId.StartsWith(StreamIds.PanelPrefix, StringComparison.Ordinal) => events.OfType<PanelEvent>().Aggregate(PanelState.Initial, PanelState.Evolve),
        _ when streamId.StartsWith(StreamIds.AlarmPrefix, StringComparison.Ordinal) => events.OfType<AlarmEvent>().Aggregate(AlarmState.Initial, AlarmState.Evolve),
        _ => null,
    };
}
