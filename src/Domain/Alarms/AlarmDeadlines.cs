namespace Domain.Alarms;

/// <summary>How long an alarm of each priority may wait for acknowledgement before it is escalated.</summary>
public static class AlarmDeadlines
{
    public static TimeSpan For(AlarmPriority priority) => priority switch
    {
        AlarmPriority.Critical => TimeSpan.FromSeconds(60),
        AlarmPriority.High => TimeSpan.FromSeconds(120),
        AlarmPriority.Medium => TimeSpan.FromSeconds(300),
        _ => TimeSpan.FromSeconds(900),
    };
}
