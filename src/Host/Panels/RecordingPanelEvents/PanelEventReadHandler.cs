using Contracts;
using Domain.Panels;
using EventStore;
using Host.Alarms.RaisingAlarms;
using Messaging;

namespace Host.Panels.RecordingPanelEvents;

/// <summary>
/// Records a panel event-log record the ingest read, and applies the alarm policy to it, in one unit of work with
/// the inbox record: the panel fact, the alarm (raised or repeated), the alarm's slot and its scheduled escalation
/// commit together or not at all. Idempotent by the panel event's identity: the panel stream ignores a record it
/// already holds, the store refuses a second event with the same idempotency key, and the inbox drops a
/// redelivered message.
/// </summary>
public sealed class PanelEventReadHandler(PostgresEventStore store, TimeProvider clock, AlarmPolicyOptions policy)
{
    public async Task HandleAsync(PanelEventRead m, MessageContext context, CancellationToken ct)
    {
        var panel = await PanelUnits.LoadAsync(context.Session, m.PanelId, ct);
        var command = new RecordPanelEvent(m.PanelId, m.EventLogIndex, m.PanelTime, m.EventCode, m.Restore, m.Class, m.Kind,
            m.Partition, m.Zone, m.User, m.Source, m.Description, clock.GetUtcNow());
        var events = PanelDecider.Decide(command, panel.State);
        if (events.Count == 0) return; // already recorded: its alarm was decided then
        var identity = AlarmPolicy.PanelEventIdentity(m.PanelId, m.EventLogIndex, m.PanelTime, m.EventCode, m.Restore);
        var appended = await PanelUnits.AppendAsync(context, panel.Version, events, identity, ct);
        if (appended.Single.Events[0].Duplicate) return; // recorded concurrently by another unit that won the key

        foreach (var recorded in events.OfType<PanelEventRecorded>())
            if (AlarmPolicy.ForPanelEvent(recorded, panel.State.SiteId, command.Now, policy) is { } raise)
                await AlarmRaiser.RaiseAsync(context, store.Options.Schema, raise, ct);
    }
}
