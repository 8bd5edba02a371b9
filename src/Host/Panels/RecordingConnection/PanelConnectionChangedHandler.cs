using Contracts;
using Domain.Panels;
using EventStore;
using Host.Alarms.RaisingAlarms;
using Messaging;

namespace Host.Panels.RecordingConnection;

/// <summary>
/// Records that the ingest is talking to a panel again, or lost it; a loss raises a communication-loss alarm in the
/// same unit of work (one alarm per loss, a repeat while the previous loss alarm is still open).
/// </summary>
public sealed class PanelConnectionChangedHandler(PostgresEventStore store, AlarmPolicyOptions policy)
{
    public async Task HandleAsync(PanelConnectionChanged m, MessageContext context, CancellationToken ct)
    {
        var panel = await PanelUnits.LoadAsync(context.Session, m.PanelId, ct);
        PanelCommand command = m.Connected
            ? new RecordPanelConnection(m.PanelId, m.At)
            : new RecordPanelCommunicationLoss(m.PanelId, string.IsNullOrWhiteSpace(m.Reason) ? "no reason given" : m.Reason, m.At);
        var events = PanelDecider.Decide(command, panel.State);
        if (events.Count == 0) return;
        var appended = await PanelUnits.AppendAsync(context, panel.Version, events, idempotencyKey: null, ct);
        if (events[0] is PanelCommunicationLost)
            await AlarmRaiser.RaiseAsync(context, store.Options.Schema,
                AlarmPolicy.ForCommunicationLoss(m.PanelId, panel.State.SiteId, appended.Single.Version, m.At, policy), ct);
    }
}
