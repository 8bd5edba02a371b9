using Domain.Alarms;
using static Domain.Tests.Alarms.AlarmExamples;

namespace Domain.Tests.Alarms;

public sealed class AddAlarmNoteTests
{
    private static readonly DateTimeOffset Now = T0.AddMinutes(3);

    private static AddAlarmNote Note => new(AlarmId, "note-1", Marek, "Owner not answering; neighbour on the way.", Now);

    [Fact]
    public void Adds_a_note_to_an_open_alarm() =>
        Specs.Alarm
            .Given(BurglaryRaised, AcknowledgedByAnna)
            .When(Note)
            .Then(new AlarmNoteAdded(AlarmId, "note-1", Marek, "Owner not answering; neighbour on the way.", Now));

    [Fact]
    public void A_note_can_be_added_before_the_alarm_is_acknowledged() =>
        Specs.Alarm
            .Given(BurglaryRaised)
            .When(Note)
            .Then(new AlarmNoteAdded(AlarmId, "note-1", Marek, "Owner not answering; neighbour on the way.", Now));

    [Fact]
    public void The_same_note_again_is_already_satisfied() =>
        Specs.Alarm
            .Given(BurglaryRaised, new AlarmNoteAdded(AlarmId, "note-1", Marek, "Owner not answering; neighbour on the way.", Now))
            .When(Note with { Now = Now.AddSeconds(5) })
            .ThenNothing();

    [Fact]
    public void An_empty_note_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised).When(Note with { Text = "  " }).ThenThrows<DomainException>();

    [Fact]
    public void A_note_on_a_resolved_alarm_is_refused() =>
        Specs.Alarm.Given(BurglaryRaised, AcknowledgedByAnna, ResolvedAsFalseAlarm).When(Note).ThenThrows<DomainException>();

    [Fact]
    public void An_alarm_not_raised_is_refused() =>
        Specs.Alarm.When(Note).ThenThrows<DomainException>();
}
