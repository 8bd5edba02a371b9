using Contracts;
using Domain.Panels;
using Host.Infrastructure;
using Messaging;

namespace Host.Panels.RequestingPanelControl;

/// <summary>
/// Records the operator's control request and, in the same transaction, sends it to the ingest through the outbox
/// (ordered per panel): either both happen or neither. Returns the panel stream's version.
/// </summary>
public sealed class PanelControlRequestHandler
{
    public static async Task<long> HandleAsync(PanelControlRequest request, MessageContext context, CancellationToken ct)
    {
        var c = request.Command;
        var panel = await PanelUnits.LoadAsync(context.Session, c.PanelId, ct);
        if (request.IfMatch is { } expected && expected != panel.Version)
            throw new PreconditionFailedException(c.PanelId, expected, panel.Version);
        var events = PanelDecider.Decide(c, panel.State);
        if (events.Count == 0) return panel.Version; // the same request id again: already on its way
        var appended = await PanelUnits.AppendAsync(context, panel.Version, events, idempotencyKey: null, ct, request.Metadata);
        foreach (var e in events.OfType<PanelControlRequested>())
            context.Send(new ExecutePanelControl(e.PanelId, e.RequestId, e.Action, e.Mode, e.Partitions, e.RequestedAt),
                orderingKey: MessageNames.PanelKey(e.PanelId));
        return appended.Single.Version;
    }
}
