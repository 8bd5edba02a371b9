namespace Domain.Alarms;

/// <summary>How urgently an alarm must be acknowledged. Values are stored in events: never renumber them.</summary>
public enum AlarmPriority
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>The default priority of each alarm kind: life first, then property, then technical.</summary>
public static class AlarmPriorities
{
    public static AlarmPriority For(AlarmKind kind) => kind switch
    {
        AlarmKind.Fire or AlarmKind.Panic or AlarmKind.Duress => AlarmPriority.Critical,
        AlarmKind.Burglary => AlarmPriority.High,
        AlarmKind.Tamper or AlarmKind.CommunicationLoss => AlarmPriority.Medium,
        _ => AlarmPriority.Low,
    };
}
