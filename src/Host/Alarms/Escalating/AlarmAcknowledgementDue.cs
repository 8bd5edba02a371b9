namespace Host.Alarms.Escalating;

/// <summary>
/// Host → Host, scheduled for <paramref name="DueAt"/> when an alarm is raised: "this alarm should have been
/// acknowledged by now". A durable scheduled message: it survives restarts of every process and fires once.
/// </summary>
public sealed record AlarmAcknowledgementDue(string AlarmId, DateTimeOffset DueAt)
{
    public const string MessageName = "alarm_acknowledgement_due";
}
