using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class RaiseAlarmTests
{
    private const string SecondTrigger = "panel-1/log:035897";

    [Theory]
    [InlineData(AlarmKind.Fire, AlarmPriority.Critical)]
    [InlineData(AlarmKind.Panic, AlarmPriority.Critical)]
    [InlineData(AlarmKind.Duress, AlarmPriority.Critical)]
    [InlineData(AlarmKind.Burglary, AlarmPriority.High)]
    [InlineData(AlarmKind.Tamper, AlarmPriority.Medium)]
    [InlineData(AlarmKind.CommunicationLoss, AlarmPriority.Medium)]
    [InlineData(AlarmKind.Trouble, AlarmPriority.Low)]
    public void Raises_the_alarm_with_its_kinds_default_priority(AlarmKind kind, AlarmPriority priority) =>
        Specs.Alarm
            .When(RaiseBurglary with { Kind = kind })
            .Then(BurglaryRaised with { Kind = kind, Priority = priority });

    [Fact]
    public void A_given_priority_overrides_the_default() =>
        Specs.Alarm
            .When(RaiseBurglary with { Priority = AlarmPriority.Critical })
            .Then(BurglaryRaised with { Priority = AlarmPriority.Critical });

    [Fact]
    public void The_stations_acknowledgement_deadline_is_recorded_with_the_alarm() =>
        Specs.Alarm
            .When(RaiseBurglary with { AcknowledgeWithin = TimeSpan.FromSeconds(45) })
            .Then(BurglaryRaised with { AcknowledgeWithin = TimeSpan.FromSeconds(45) });

    [Fact]
    public void A_deadline_that_is_not_positive_is_refused() =>
        Specs.Alarm.When(RaiseBurglary with { AcknowledgeWithin = TimeSpan.Zero }).ThenThrows<DomainException>();

    [Fact]
    public void A_communication_loss_alarm_has_no_partition_or_zone() =>
        Specs.Alarm
            .When(RaiseBurglary with { Kind = AlarmKind.CommunicationLoss, Partition = null, Zone = null, TriggerId = "panel-1/v:17" })
            .Then(new AlarmRaised(AlarmId, SiteId, PanelId, AlarmKind.CommunicationLoss, AlarmPriority.Medium, null, null, "panel-1/v:17", T0));

    [Fact]
    public void Another_panel_event_for_the_zone_of_an_open_alarm_is_a_repeat() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(RaiseBurglary with { TriggerId = SecondTrigger, Now = T0.AddMinutes(1) })
            .Then(new AlarmRepeated(AlarmId, SecondTrigger, T0.AddMinutes(1)));

    [Fact]
    public void The_alarm_counts_its_repeats() =>
        Specs.Alarm
            .Given(BurglaryRaised, new AlarmRepeated(AlarmId, SecondTrigger, T0.AddMinutes(1)))
            .When(RaiseBurglary with { TriggerId = "panel-1/log:035898" })
            .ThenState(s => Assert.Equal((AlarmStatus.Open, 2), (s.Status, s.Repeats)));

    [Fact]
    public void The_same_panel_event_again_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised).When(RaiseBurglary).ThenNothing();

    [Fact]
    public void A_repeat_received_again_is_already_satisfied() =>
        Specs.Alarm
            .Given(BurglaryRaised, new AlarmRepeated(AlarmId, SecondTrigger, T0.AddMinutes(1)))
            .When(RaiseBurglary with { TriggerId = SecondTrigger })
            .ThenNothing();

    [Fact]
    public void A_panel_event_that_raised_a_resolved_alarm_is_already_satisfied() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(RaiseBurglary).ThenNothing();

    [Fact]
    public void A_new_panel_event_on_a_resolved_alarm_is_refused() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm)
            .When(RaiseBurglary with { TriggerId = SecondTrigger })
            .ThenThrows<DomainException>();

    [Fact]
    public void A_panel_event_from_another_zone_on_an_open_alarm_is_refused() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(RaiseBurglary with { Zone = 4, TriggerId = SecondTrigger })
            .ThenThrows<DomainException>();

    [Fact]
    public void Another_kind_of_alarm_from_the_same_zone_is_refused_as_a_repeat() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(RaiseBurglary with { Kind = AlarmKind.Tamper, TriggerId = SecondTrigger })
            .ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_without_its_trigger_is_refused() =>
        Specs.Alarm.When(RaiseBurglary with { TriggerId = "" }).ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_without_its_site_is_refused() =>
        Specs.Alarm.When(RaiseBurglary with { SiteId = "" }).ThenThrows<DomainException>();
}
