namespace Domain.Alarms;

/// <summary>A fact in an alarm stream ("alarm-…"). The hierarchy is closed: only the records below derive from it.</summary>
public abstract record AlarmEvent(string AlarmId);

/// <summary>
/// An alarm an operator must handle, raised by the panel fact <paramref name="TriggerId"/> (see the glossary).
/// <paramref name="Partition"/> and <paramref name="Zone"/> are null when the cause has none (communication loss).
/// <paramref name="AcknowledgeWithin"/> is the station's deadline for this alarm when it set one; null (and every
/// alarm recorded before the field existed) means the priority's default (<see cref="AlarmDeadlines"/>).
/// </summary>
public sealed record AlarmRaised(
    string AlarmId,
    string SiteId,
    string PanelId,
    AlarmKind Kind,
    AlarmPriority Priority,
    int? Partition,
    int? Zone,
    string TriggerId,
    DateTimeOffset RaisedAt,
    TimeSpan? AcknowledgeWithin = null) : AlarmEvent(AlarmId);

/// <summary>The same cause happened again while the alarm was open (another panel event for the same zone).</summary>
public sealed record AlarmRepeated(string AlarmId, string TriggerId, DateTimeOffset RepeatedAt) : AlarmEvent(AlarmId);

/// <summary>An operator took ownership of the alarm; this stops its escalation clock.</summary>
public sealed record AlarmAcknowledged(string AlarmId, string OperatorId, DateTimeOffset AcknowledgedAt) : AlarmEvent(AlarmId);

/// <summary>A response was sent to the site; <paramref name="CalledParty"/> is who the operator called.</summary>
public sealed record AlarmDispatched(
    string AlarmId,
    string OperatorId,
    DispatchTarget Target,
    string CalledParty,
    DateTimeOffset DispatchedAt) : AlarmEvent(AlarmId);

public sealed record AlarmNoteAdded(
    string AlarmId,
    string NoteId,
    string OperatorId,
    string Text,
    DateTimeOffset AddedAt) : AlarmEvent(AlarmId);

/// <summary>Nobody acknowledged the alarm by <paramref name="DueAt"/> (raised + its priority's deadline).</summary>
public sealed record AlarmEscalated(string AlarmId, DateTimeOffset DueAt, DateTimeOffset EscalatedAt) : AlarmEvent(AlarmId);

/// <summary>The alarm is closed with an outcome and the operator's note.</summary>
public sealed record AlarmResolved(
    string AlarmId,
    string OperatorId,
    AlarmOutcome Outcome,
    string Note,
    DateTimeOffset ResolvedAt) : AlarmEvent(AlarmId);
