using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class DecommissionPanelTests
{
    private static readonly DateTimeOffset Later = T0.AddDays(30);
    private static DecommissionPanel Decommission => new(PanelId, "Replaced by an INTEGRA 128 Plus", Later);
    private static PanelDecommissioned Decommissioned => new(PanelId, "Replaced by an INTEGRA 128 Plus", Later);

    [Fact]
    public void A_registered_panel_is_decommissioned() =>
        Specs.Panel.Given(Registered, Connected).When(Decommission).Then(Decommissioned);

    [Fact]
    public void The_panel_is_then_decommissioned() =>
        Specs.Panel.Given(Registered).When(Decommission).ThenState(s => Assert.Equal(PanelStatus.Decommissioned, s.Status));

    [Fact]
    public void Decommissioning_twice_is_already_satisfied() =>
        Specs.Panel.Given(Registered, Decommissioned).When(Decommission with { Reason = "again" }).ThenNothing();

    [Fact]
    public void A_decommission_without_a_reason_is_refused() =>
        Specs.Panel.Given(Registered).When(Decommission with { Reason = " " }).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(Decommission).ThenThrows<DomainException>();

    [Fact]
    public void A_decommissioned_panel_cannot_be_registered_again() =>
        Specs.Panel.Given(Registered, Decommissioned).When(Register).ThenThrows<DomainException>();

    [Fact]
    public void A_decommissioned_panel_takes_no_new_connection_settings() =>
        Specs.Panel.Given(Registered, Decommissioned).When(new ChangePanelConnectionSettings(PanelId, "10.0.0.18", 7094, KeyRef, Later)).ThenThrows<DomainException>();

    [Fact]
    public void A_decommissioned_panel_cannot_be_controlled() =>
        Specs.Panel.Given(Registered, Connected, Decommissioned)
            .When(new RequestPanelControl(PanelId, "req-1", "operator-anna", PanelControlAction.Disarm, null, [1], Later))
            .ThenThrows<DomainException>();

    [Fact]
    public void What_the_ingest_still_reports_is_recorded_it_happened() =>
        Specs.Panel.Given(Registered, Connected, Decommissioned)
            .When(new RecordPanelCommunicationLoss(PanelId, "module removed", Later.AddMinutes(1)))
            .Then(new PanelCommunicationLost(PanelId, "module removed", Later.AddMinutes(1)));
}
