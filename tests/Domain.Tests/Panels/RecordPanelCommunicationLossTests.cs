using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RecordPanelCommunicationLossTests
{
    private static RecordPanelCommunicationLoss Loss => new(PanelId, "No answer for 30 s", T0.AddMinutes(10));

    [Fact]
    public void Losing_a_connected_panel_is_recorded() =>
        Specs.Panel.Given(Registered, Connected).When(Loss).Then(Lost);

    [Fact]
    public void A_panel_never_reached_has_lost_communication_too() =>
        Specs.Panel.Given(Registered).When(Loss).Then(Lost);

    [Fact]
    public void The_panel_is_then_out_of_communication() =>
        Specs.Panel
            .Given(Registered, Connected)
            .When(Loss)
            .ThenState(s => Assert.Equal(PanelConnectionStatus.CommunicationLost, s.Connection));

    [Fact]
    public void A_panel_already_out_of_communication_is_already_satisfied() =>
        Specs.Panel.Given(Registered, Connected, Lost).When(Loss with { Now = T0.AddMinutes(11) }).ThenNothing();

    [Fact]
    public void A_loss_without_a_reason_is_refused() =>
        Specs.Panel.Given(Registered, Connected).When(Loss with { Reason = "" }).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(Loss).ThenThrows<DomainException>();
}
