using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class ResolveAlarmTests
{
    private static ResolveAlarm Resolve =>
        new(AlarmId, Anna, AlarmOutcome.FalseAlarm, "Owner confirmed: cat in the hall.", T0.AddMinutes(10));

    [Fact]
    public void Resolves_an_acknowledged_alarm_with_an_outcome_and_a_note() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(Resolve).Then(ResolvedAsFalseAlarm);

    [Fact]
    public void A_dispatched_and_escalated_alarm_can_be_resolved_as_real() =>
        Specs.Alarm
            .Given(BurglaryRaised, new AlarmEscalated(AlarmId, T0.AddSeconds(120), T0.AddSeconds(121)), AcknowledgedByAnna,
                new AlarmDispatched(AlarmId, Anna, DispatchTarget.Police, "112", T0.AddMinutes(3)))
            .When(Resolve with { Outcome = AlarmOutcome.Real, Note = "Break-in confirmed by police." })
            .Then(ResolvedAsFalseAlarm with { Outcome = AlarmOutcome.Real, Note = "Break-in confirmed by police." });

    [Fact]
    public void The_alarm_is_then_resolved_with_its_outcome() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(Resolve with { Outcome = AlarmOutcome.CancelledByCustomer })
            .ThenState(s => Assert.Equal((AlarmStatus.Resolved, AlarmOutcome.CancelledByCustomer), (s.Status, s.Outcome)));

    [Fact]
    public void Resolving_again_with_the_same_outcome_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(Resolve with { Note = "again" }).ThenNothing();

    [Fact]
    public void Resolving_again_with_another_outcome_is_refused() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm)
            .When(Resolve with { Outcome = AlarmOutcome.Test })
            .ThenThrows<DomainException>();

    [Fact]
    public void Resolving_before_acknowledging_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised).When(Resolve).ThenThrows<DomainException>();

    [Fact]
    public void Resolving_without_a_note_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna).When(Resolve with { Note = "" }).ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_not_raised_is_refused() =>
        Specs.Alarm.When(Resolve).ThenThrows<DomainException>();
}
