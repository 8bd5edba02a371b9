using Contracts;
using Domain.Panels;
using Messaging;

namespace Host.Panels.RequestingPanelControl;

/// <summary>Records how the panel answered a control request (accepted, refused with its reason, timed out).</summary>
public sealed class PanelControlCompletedHandler
{
    public static async Task HandleAsync(PanelControlCompleted m, MessageContext context, CancellationToken ct)
    {
        var panel = await PanelUnits.LoadAsync(context.Session, m.PanelId, ct);
        var events = PanelDecider.Decide(new RecordPanelControlResult(m.PanelId, m.RequestId, m.Result, m.Reason, m.At), panel.State);
        if (events.Count > 0) await PanelUnits.AppendAsync(context, panel.Version, events, idempotencyKey: null, ct);
    }
}
