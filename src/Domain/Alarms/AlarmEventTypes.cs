namespace Domain.Alarms;

/// <summary>The alarm event types and their pinned stored names.</summary>
public static class AlarmEventTypes
{
    public static IReadOnlyList<(Type Type, string StoredName)> All { get; } =
    [
        (typeof(AlarmRaised), "alarm_raised"),
        (typeof(AlarmRepeated), "alarm_repeated"),
        (typeof(AlarmAcknowledged), "alarm_acknowledged"),
        (typeof(AlarmDispatched), "alarm_dispatched"),
        (typeof(AlarmNoteAdded), "alarm_note_added"),
        (typeof(AlarmEscalated), "alarm_escalated"),
        (typeof(AlarmResolved), "alarm_resolved"),
    ];
}
