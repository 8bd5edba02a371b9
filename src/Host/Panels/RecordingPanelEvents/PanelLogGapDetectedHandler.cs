using Contracts;
using Domain.Panels;
using Messaging;

namespace Host.Panels.RecordingPanelEvents;

/// <summary>
/// Records that the panel's log wrapped over records the ingest had not read yet: the panel stream says so, and an
/// auditor can tell a quiet night from a night whose events were lost.
/// </summary>
public sealed class PanelLogGapDetectedHandler
{
    public static async Task HandleAsync(PanelLogGapDetected m, MessageContext context, CancellationToken ct)
    {
        var panel = await PanelUnits.LoadAsync(context.Session, m.PanelId, ct);
        var events = PanelDecider.Decide(new RecordPanelEventsLost(m.PanelId, m.FromIndex, m.At), panel.State);
        if (events.Count > 0) await PanelUnits.AppendAsync(context, panel.Version, events, idempotencyKey: null, ct);
    }
}
