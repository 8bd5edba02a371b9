using Domain.Alarms;
using EventStore;
using Messaging;

namespace Host.Alarms.Escalating;

/// <summary>
/// Escalates an alarm nobody acknowledged by its deadline. Already acknowledged, resolved or escalated: nothing to
/// do. Delivered before the alarm's own deadline (the broker's and the database's clocks are not this host's): it
/// is scheduled again for the deadline rather than refused.
/// </summary>
public sealed class AlarmAcknowledgementDueHandler(TimeProvider clock)
{
    public async Task HandleAsync(AlarmAcknowledgementDue message, MessageContext context, CancellationToken ct)
    {
        var current = await context.Session.AggregateAsync(message.AlarmId, AlarmState.Initial,
            (s, e) => e is AlarmEvent a ? AlarmState.Evolve(s, a) : s, ct: ct);
        var state = current.State;
        if (state.Status != AlarmStatus.Open || state.AcknowledgedBy is not null || state.Escalated) return;
        var now = clock.GetUtcNow();
        if (now < state.AcknowledgementDue)
        {
            context.Send(message with { DueAt = state.AcknowledgementDue }, deliverAt: state.AcknowledgementDue);
            return;
        }
        var events = AlarmDecider.Decide(new EscalateAlarm(message.AlarmId, message.DueAt, now), state);
        if (events.Count == 0) return;
        var metadata = context.EventMetadata;
        await context.Session.AppendAsync(message.AlarmId, AlarmStreams.StreamType, ExpectedVersion.Exact(current.Version),
            events.Select(e => new NewEvent(e, metadata)).ToArray(), ct);
    }
}
