namespace Domain.Alarms;

/// <summary>
/// Decides what an alarm command means for an alarm: pure, no clock, no I/O. The lifecycle is raised → acknowledged
/// → dispatched (any number of targets) → resolved; an alarm nobody acknowledges in time is escalated once.
/// </summary>
public static partial class AlarmDecider
{
    public static IReadOnlyList<AlarmEvent> Decide(AlarmCommand command, AlarmState state) => (command, state) switch
    {
        (RaiseAlarm c, { Status: AlarmStatus.NotRaised }) => Raise(c),
        (RaiseAlarm c, _) when state.Triggers.Contains(c.TriggerId) => [],
        (RaiseAlarm c, { Status: AlarmStatus.Open }) => Repeat(c, state),
        (RaiseAlarm c, { Status: AlarmStatus.Resolved }) =>
            throw new DomainException($"Alarm {c.AlarmId} is resolved; a new panel event raises a new alarm."),
        (_, { Status: AlarmStatus.NotRaised }) => throw new DomainException($"Alarm {command.AlarmId} has not been raised."),

        (AcknowledgeAlarm c, _) when state.AcknowledgedBy == c.OperatorId => [],
        (AcknowledgeAlarm c, { AcknowledgedBy: { } owner }) =>
            throw new DomainException($"Alarm {c.AlarmId} is already acknowledged by {owner}."),
        (AcknowledgeAlarm c, { Status: AlarmStatus.Open }) => [new AlarmAcknowledged(c.AlarmId, c.OperatorId, c.Now)],

        (DispatchAlarm c, _) when state.Dispatches.Contains(c.Target) => [],
        (DispatchAlarm c, { Status: AlarmStatus.Resolved }) =>
            throw new DomainException($"Alarm {c.AlarmId} is resolved; nothing more can be dispatched."),
        (DispatchAlarm c, { AcknowledgedBy: null }) =>
            throw new DomainException($"Acknowledge alarm {c.AlarmId} before dispatching to it."),
        (DispatchAlarm c, _) => Dispatch(c),

        (AddAlarmNote c, _) when state.NoteIds.Contains(c.NoteId) => [],
        (AddAlarmNote c, { Status: AlarmStatus.Resolved }) =>
            throw new DomainException($"Alarm {c.AlarmId} is resolved; its notes are closed."),
        (AddAlarmNote c, _) => AddNote(c),

        (EscalateAlarm, { Status: AlarmStatus.Resolved } or { Escalated: true } or { AcknowledgedBy: not null }) => [],
        (EscalateAlarm c, _) => Escalate(c, state),

        (ResolveAlarm c, { Status: AlarmStatus.Resolved }) => state.Outcome == c.Outcome
            ? []
            : throw new DomainException($"Alarm {c.AlarmId} is already resolved as {state.Outcome}."),
        (ResolveAlarm c, { AcknowledgedBy: null }) =>
            throw new DomainException($"Acknowledge alarm {c.AlarmId} before resolving it."),
        (ResolveAlarm c, _) => Resolve(c),

        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown alarm command or state."),
    };
}
