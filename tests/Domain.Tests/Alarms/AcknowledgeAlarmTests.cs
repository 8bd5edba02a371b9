using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class AcknowledgeAlarmTests
{
    private static AcknowledgeAlarm AnnaAcknowledges => new(AlarmId, Anna, T0.AddSeconds(40));

    [Fact]
    public void An_operator_acknowledges_an_open_alarm() =>
        Specs.Alarm.Given(BurglaryRaised).When(AnnaAcknowledges).Then(AcknowledgedByAnna);

    [Fact]
    public void The_alarm_then_belongs_to_the_operator() =>
        Specs.Alarm.Given(BurglaryRaised).When(AnnaAcknowledges).ThenState(s => Assert.Equal(Anna, s.AcknowledgedBy));

    [Fact]
    public void Acknowledging_again_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(AnnaAcknowledges with { Now = T0.AddSeconds(45) }).ThenNothing();

    [Fact]
    public void Acknowledging_a_resolved_alarm_one_acknowledged_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(AnnaAcknowledges).ThenNothing();

    [Fact]
    public void An_alarm_acknowledged_by_another_operator_is_refused() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(AnnaAcknowledges with { OperatorId = Marek })
            .ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_not_raised_is_refused() =>
        Specs.Alarm.When(AnnaAcknowledges).ThenThrows<DomainException>();
}
