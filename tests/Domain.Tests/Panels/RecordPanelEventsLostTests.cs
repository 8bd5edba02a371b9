using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RecordPanelEventsLostTests
{
    private static readonly DateTimeOffset Later = T0.AddHours(3);

    [Fact]
    public void A_wrapped_log_is_recorded_as_lost_events_after_the_last_index_read() =>
        Specs.Panel.Given(Registered, Connected).When(new RecordPanelEventsLost(PanelId, "035896", Later)).Then(new PanelEventsLost(PanelId, "035896", Later));

    [Fact]
    public void Each_report_is_a_fact_of_its_own() =>
        Specs.Panel.Given(Registered, Connected, new PanelEventsLost(PanelId, "035896", Later))
            .When(new RecordPanelEventsLost(PanelId, "035896", Later.AddHours(1)))
            .Then(new PanelEventsLost(PanelId, "035896", Later.AddHours(1)));

    [Fact]
    public void A_report_without_an_index_is_refused() =>
        Specs.Panel.Given(Registered).When(new RecordPanelEventsLost(PanelId, " ", Later)).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(new RecordPanelEventsLost(PanelId, "035896", Later)).ThenThrows<DomainException>();
}
