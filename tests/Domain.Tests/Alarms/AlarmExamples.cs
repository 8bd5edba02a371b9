using Domain.Alarms;

namespace Domain.Tests.Alarms;

internal static class AlarmExamples
{
    public const string AlarmId = "alarm-1";
    public const string SiteId = "site-1";
    public const string PanelId = "panel-1";
    public const string Anna = "operator-anna";
    public const string Marek = "operator-marek";
    public const string FirstTrigger = "panel-1/log:035896";

    public static readonly DateTimeOffset T0 = new(2026, 5, 5, 18, 20, 0, TimeSpan.Zero);

    /// <summary>A burglary in zone 3 of partition 1: high priority, so it must be acknowledged within 120 s.</summary>
    public static RaiseAlarm RaiseBurglary => new(AlarmId, SiteId, PanelId, AlarmKind.Burglary, 1, 3, FirstTrigger, null, T0);

    public static AlarmRaised BurglaryRaised =>
        new(AlarmId, SiteId, PanelId, AlarmKind.Burglary, AlarmPriority.High, 1, 3, FirstTrigger, T0);

    public static AlarmAcknowledged AcknowledgedByAnna => new(AlarmId, Anna, T0.AddSeconds(40));

    public static AlarmResolved ResolvedAsFalseAlarm =>
        new(AlarmId, Anna, AlarmOutcome.FalseAlarm, "Owner confirmed: cat in the hall.", T0.AddMinutes(10));
}
