using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RecordPanelEventTests
{
    private static readonly PanelEventRecorded Burglary =
        Recorded("035896", PanelEventKind.BurglaryAlarm, 130, zone: 2, description: "Burglary alarm");

    [Fact]
    public void Records_the_panel_event_as_read() =>
        Specs.Panel.Given(Registered, Connected).When(RecordOf(Burglary)).Then(Burglary);

    [Fact]
    public void The_same_panel_event_read_again_is_already_satisfied() =>
        Specs.Panel
            .Given(Registered, Connected, Burglary)
            .When(RecordOf(Burglary) with { Now = T0.AddMinutes(3) })
            .ThenNothing();

    [Fact]
    public void Another_record_at_a_known_index_is_new_because_the_log_wrapped() =>
        Specs.Panel
            .Given(Registered, Connected, Burglary)
            .When(RecordOf(Armed("035896", 1) with { PanelTime = PanelTime.AddDays(40) }))
            .Then(Armed("035896", 1) with { PanelTime = PanelTime.AddDays(40) });

    [Fact]
    public void A_panel_event_is_recorded_even_while_communication_is_lost() =>
        Specs.Panel.Given(Registered, Connected, Lost).When(RecordOf(Burglary)).Then(Burglary);

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(RecordOf(Burglary)).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_event_without_its_log_index_is_refused() =>
        Specs.Panel.Given(Registered).When(RecordOf(Burglary) with { EventLogIndex = "" }).ThenThrows<DomainException>();

    [Fact]
    public void An_event_code_beyond_ten_bits_is_refused() =>
        Specs.Panel.Given(Registered).When(RecordOf(Burglary) with { EventCode = 1024 }).ThenThrows<DomainException>();
}
