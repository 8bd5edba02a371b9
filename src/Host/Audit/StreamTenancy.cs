using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;
using EventStore;
using Host.Alarms;
using Host.Infrastructure;
using Host.Panels;
using Host.Sites;

namespace Host.Audit;

/// <summary>
/// Whose a stream is, for reads that show any stream as stored: a site is its tenant's, a panel and an alarm are
/// their site's tenant's. A stream of any other type belongs to no tenant and is shown to nobody here.
/// </summary>
internal static class StreamTenancy
{
    /// <summary>True when <paramref name="stream"/> belongs to the caller's tenant.</summary>
    public static async Task<bool> IsStreamOfCallerAsync(this CommandExecutor commands, StreamInfo stream, RequestContext request, CancellationToken ct)
    {
        switch (stream.StreamType)
        {
            case SiteStreams.StreamType:
                return await commands.IsSiteOfCallerAsync(stream.StreamId, request, ct);
            case PanelStreams.StreamType:
                var panel = await commands.LoadAsync<PanelState, PanelEvent>(stream.StreamId, PanelState.Initial, PanelState.Evolve, ct);
                return panel is { State.Status: not PanelStatus.NotRegistered } && await commands.IsSiteOfCallerAsync(panel.State.SiteId, request, ct);
            case AlarmStreams.StreamType:
                var alarm = await commands.LoadAsync<AlarmState, AlarmEvent>(stream.StreamId, AlarmState.Initial, AlarmState.Evolve, ct);
                return alarm is { State.Status: not AlarmStatus.NotRaised } && await commands.IsSiteOfCallerAsync(alarm.State.SiteId, request, ct);
            default:
                return false;
        }
    }
}
