using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class DispatchAlarmTests
{
    private static readonly DateTimeOffset Now = T0.AddMinutes(2);

    private static DispatchAlarm DispatchPatrol => new(AlarmId, Anna, DispatchTarget.Patrol, "Patrol 7, Jan Kowalski", Now);

    private static AlarmDispatched PatrolDispatched => new(AlarmId, Anna, DispatchTarget.Patrol, "Patrol 7, Jan Kowalski", Now);

    [Fact]
    public void Dispatches_a_patrol_to_the_site() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(DispatchPatrol).Then(PatrolDispatched);

    [Fact]
    public void The_police_can_be_dispatched_as_well() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna, PatrolDispatched)
            .When(DispatchPatrol with { Target = DispatchTarget.Police, CalledParty = "112" })
            .Then(new AlarmDispatched(AlarmId, Anna, DispatchTarget.Police, "112", Now));

    [Fact]
    public void Another_operator_may_dispatch() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(DispatchPatrol with { OperatorId = Marek })
            .Then(PatrolDispatched with { OperatorId = Marek });

    [Fact]
    public void The_alarm_then_remembers_who_was_dispatched() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(DispatchPatrol)
            .ThenState(s => Assert.Equal([DispatchTarget.Patrol], s.Dispatches));

    [Fact]
    public void Dispatching_the_same_target_again_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, PatrolDispatched).When(DispatchPatrol).ThenNothing();

    [Fact]
    public void Dispatching_before_acknowledging_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised).When(DispatchPatrol).ThenThrows<DomainException>();

    [Fact]
    public void Dispatching_to_a_resolved_alarm_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(DispatchPatrol).ThenThrows<DomainException>();

    [Fact]
    public void Dispatching_without_saying_who_was_called_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(DispatchPatrol with { CalledParty = "" }).ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_not_raised_is_refused() =>
        Specs.Alarm.When(DispatchPatrol).ThenThrows<DomainException>();
}
