using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class EscalateAlarmTests
{
    /// <summary>The burglary alarm is high priority: it must be acknowledged within 120 s.</summary>
    private static readonly DateTimeOffset Due = T0.AddSeconds(120);

    private static EscalateAlarm Escalate => new(AlarmId, Due, Due);

    [Theory]
    [InlineData(AlarmPriority.Critical, 60)]
    [InlineData(AlarmPriority.High, 120)]
    [InlineData(AlarmPriority.Medium, 300)]
    [InlineData(AlarmPriority.Low, 900)]
    public void An_alarm_not_acknowledged_by_its_priority_deadline_is_escalated(AlarmPriority priority, int seconds) =>
        Specs.Alarm
            .Given(BurglaryRaised with { Priority = priority })
            .When(new EscalateAlarm(AlarmId, T0.AddSeconds(seconds), T0.AddSeconds(seconds)))
            .Then(new AlarmEscalated(AlarmId, T0.AddSeconds(seconds), T0.AddSeconds(seconds)));

    [Fact]
    public void The_stations_own_deadline_replaces_the_prioritys_default() =>
        Specs.Alarm
            .Given(BurglaryRaised with { AcknowledgeWithin = TimeSpan.FromSeconds(30) })
            .When(new EscalateAlarm(AlarmId, T0.AddSeconds(30), T0.AddSeconds(30)))
            .Then(new AlarmEscalated(AlarmId, T0.AddSeconds(30), T0.AddSeconds(30)));

    [Fact]
    public void A_shorter_station_deadline_does_not_allow_escalating_before_it() =>
        Specs.Alarm
            .Given(BurglaryRaised with { AcknowledgeWithin = TimeSpan.FromSeconds(30) })
            .When(new EscalateAlarm(AlarmId, T0.AddSeconds(29), T0.AddSeconds(29)))
            .ThenThrows<DomainException>();

    [Fact]
    public void A_late_escalation_records_when_the_alarm_was_due() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(Escalate with { Now = Due.AddSeconds(7) })
            .Then(new AlarmEscalated(AlarmId, Due, Due.AddSeconds(7)));

    [Fact]
    public void The_alarm_is_then_escalated_and_still_open() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(Escalate)
            .ThenState(s => Assert.Equal((true, AlarmStatus.Open), (s.Escalated, s.Status)));

    [Fact]
    public void Escalating_twice_is_already_satisfied() =>
        Specs.Alarm
            .Given(BurglaryRaised, new AlarmEscalated(AlarmId, Due, Due))
            .When(Escalate with { Now = Due.AddSeconds(1) })
            .ThenNothing();

    [Fact]
    public void An_acknowledged_alarm_is_not_escalated() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(Escalate).ThenNothing();

    [Fact]
    public void A_resolved_alarm_is_not_escalated() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(Escalate).ThenNothing();

    [Fact]
    public void Escalating_before_the_deadline_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised).When(Escalate with { Now = Due.AddSeconds(-1) }).ThenThrows<DomainException>();

    [Fact]
    public void A_scheduler_with_a_wrong_deadline_cannot_escalate_early() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(new EscalateAlarm(AlarmId, T0.AddSeconds(60), T0.AddSeconds(60)))
            .ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_not_raised_is_refused() =>
        Specs.Alarm.When(Escalate).ThenThrows<DomainException>();
}
