namespace Domain.Alarms;

/// <summary>The decisions that need more than a glance at the state.</summary>
public static partial class AlarmDecider
{
    private static IReadOnlyList<AlarmEvent> Raise(RaiseAlarm c)
    {
        if (string.IsNullOrWhiteSpace(c.SiteId) || string.IsNullOrWhiteSpace(c.PanelId))
            throw new DomainException("An alarm must name its site and panel.");
        if (string.IsNullOrWhiteSpace(c.TriggerId))
            throw new DomainException("An alarm must name the panel fact that raised it.");
        if (c.AcknowledgeWithin is { } within && within <= TimeSpan.Zero)
            throw new DomainException("An acknowledgement deadline must be positive.");
        var priority = c.Priority ?? AlarmPriorities.For(c.Kind);
        return [new AlarmRaised(c.AlarmId, c.SiteId, c.PanelId, c.Kind, priority, c.Partition, c.Zone, c.TriggerId, c.Now, c.AcknowledgeWithin)];
    }

    /// <summary>A new panel event for the zone of an open alarm is a repeat on that alarm, not a second alarm.</summary>
    private static IReadOnlyList<AlarmEvent> Repeat(RaiseAlarm c, AlarmState state)
    {
        if (string.IsNullOrWhiteSpace(c.TriggerId))
            throw new DomainException("An alarm must name the panel fact that raised it.");
        if (c.PanelId != state.PanelId || c.Kind != state.Kind || c.Partition != state.Partition || c.Zone != state.Zone)
            throw new DomainException(
                $"Alarm {c.AlarmId} is a {state.Kind} alarm for zone {state.Zone} of panel {state.PanelId}; " +
                $"a {c.Kind} from zone {c.Zone} of panel {c.PanelId} is another alarm.");
        return [new AlarmRepeated(c.AlarmId, c.TriggerId, c.Now)];
    }

    private static IReadOnlyList<AlarmEvent> Dispatch(DispatchAlarm c) => string.IsNullOrWhiteSpace(c.CalledParty)
        ? throw new DomainException("Say who was called when dispatching.")
        : [new AlarmDispatched(c.AlarmId, c.OperatorId, c.Target, c.CalledParty, c.Now)];

    private static IReadOnlyList<AlarmEvent> AddNote(AddAlarmNote c)
    {
        if (string.IsNullOrWhiteSpace(c.NoteId))
            throw new DomainException("A note needs a note id.");
        if (string.IsNullOrWhiteSpace(c.Text))
            throw new DomainException("A note cannot be empty.");
        return [new AlarmNoteAdded(c.AlarmId, c.NoteId, c.OperatorId, c.Text, c.Now)];
    }

    /// <summary>
    /// The alarm's own deadline decides, not the scheduler's <see cref="EscalateAlarm.DueAt"/>: the scheduler may hold
    /// the deadline at a coarser precision, and an early escalation must not happen.
    /// </summary>
    private static IReadOnlyList<AlarmEvent> Escalate(EscalateAlarm c, AlarmState state) => c.Now < state.AcknowledgementDue
        ? throw new DomainException(
            $"Alarm {c.AlarmId} may wait for acknowledgement until {state.AcknowledgementDue:O} " +
            $"(escalation was asked for {c.DueAt:O} at {c.Now:O}).")
        : [new AlarmEscalated(c.AlarmId, state.AcknowledgementDue, c.Now)];

    private static IReadOnlyList<AlarmEvent> Resolve(ResolveAlarm c) => string.IsNullOrWhiteSpace(c.Note)
        ? throw new DomainException("Resolving an alarm needs a note saying what happened.")
        : [new AlarmResolved(c.AlarmId, c.OperatorId, c.Outcome, c.Note, c.Now)];
}
