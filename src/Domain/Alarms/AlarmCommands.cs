namespace Domain.Alarms;

/// <summary>A request to change an alarm stream. <paramref name="Now"/> is taken by the caller from its clock.</summary>
public abstract record AlarmCommand(string AlarmId, DateTimeOffset Now);

/// <summary>
/// Raise an alarm from a panel fact. Sent to the zone's open alarm if it has one (then it is recorded as a repeat),
/// otherwise to a new alarm id. <paramref name="Priority"/> overrides the kind's default when given, and
/// <paramref name="AcknowledgeWithin"/> the priority's acknowledgement deadline (the station's own policy).
/// </summary>
public sealed record RaiseAlarm(
    string AlarmId,
    string SiteId,
    string PanelId,
    AlarmKind Kind,
    int? Partition,
    int? Zone,
    string TriggerId,
    AlarmPriority? Priority,
    DateTimeOffset Now,
    TimeSpan? AcknowledgeWithin = null) : AlarmCommand(AlarmId, Now);

public sealed record AcknowledgeAlarm(string AlarmId, string OperatorId, DateTimeOffset Now) : AlarmCommand(AlarmId, Now);

public sealed record DispatchAlarm(
    string AlarmId,
    string OperatorId,
    DispatchTarget Target,
    string CalledParty,
    DateTimeOffset Now) : AlarmCommand(AlarmId, Now);

/// <summary><paramref name="NoteId"/> is chosen by the caller so that a retried request adds the note once.</summary>
public sealed record AddAlarmNote(string AlarmId, string NoteId, string OperatorId, string Text, DateTimeOffset Now)
    : AlarmCommand(AlarmId, Now);

/// <summary>Sent by the scheduler when <paramref name="DueAt"/>, the acknowledgement deadline it knows, has passed.</summary>
public sealed record EscalateAlarm(string AlarmId, DateTimeOffset DueAt, DateTimeOffset Now) : AlarmCommand(AlarmId, Now);

public sealed record ResolveAlarm(string AlarmId, string OperatorId, AlarmOutcome Outcome, string Note, DateTimeOffset Now)
    : AlarmCommand(AlarmId, Now);
