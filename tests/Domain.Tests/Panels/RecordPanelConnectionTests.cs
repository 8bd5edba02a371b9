using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RecordPanelConnectionTests
{
    private static readonly DateTimeOffset Later = T0.AddMinutes(20);

    [Fact]
    public void The_first_connection_is_recorded_as_connected() =>
        Specs.Panel.Given(Registered).When(new RecordPanelConnection(PanelId, T0.AddMinutes(1))).Then(Connected);

    [Fact]
    public void A_connection_after_a_communication_loss_is_a_restore() =>
        Specs.Panel
            .Given(Registered, Connected, Lost)
            .When(new RecordPanelConnection(PanelId, Later))
            .Then(new PanelCommunicationRestored(PanelId, Later));

    [Fact]
    public void The_panel_is_then_connected() =>
        Specs.Panel
            .Given(Registered, Connected, Lost)
            .When(new RecordPanelConnection(PanelId, Later))
            .ThenState(s => Assert.Equal(PanelConnectionStatus.Connected, s.Connection));

    [Fact]
    public void A_connected_panel_is_already_satisfied() =>
        Specs.Panel.Given(Registered, Connected).When(new RecordPanelConnection(PanelId, Later)).ThenNothing();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(new RecordPanelConnection(PanelId, Later)).ThenThrows<DomainException>();
}
