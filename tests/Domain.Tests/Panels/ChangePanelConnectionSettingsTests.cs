using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class ChangePanelConnectionSettingsTests
{
    private const string NewKeyRef = "secrets/panels/panel-1/integration-key-2026";
    private static readonly DateTimeOffset Later = T0.AddDays(1);

    private static ChangePanelConnectionSettings Change => new(PanelId, "ethm.bakery.example", 7095, NewKeyRef, Later);

    [Fact]
    public void Changes_the_module_address_and_key_reference() =>
        Specs.Panel
            .Given(Registered)
            .When(Change)
            .Then(new PanelConnectionSettingsChanged(PanelId, "ethm.bakery.example", 7095, NewKeyRef, Later));

    [Fact]
    public void The_panel_is_then_reached_at_the_new_address() =>
        Specs.Panel
            .Given(Registered)
            .When(Change)
            .ThenState(s => Assert.Equal(("ethm.bakery.example", 7095, NewKeyRef), (s.Host, s.Port, s.IntegrationKeyRef)));

    [Fact]
    public void The_same_settings_are_already_satisfied() =>
        Specs.Panel.Given(Registered).When(new ChangePanelConnectionSettings(PanelId, "10.0.0.17", 7094, KeyRef, Later)).ThenNothing();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(Change).ThenThrows<DomainException>();

    [Fact]
    public void A_missing_host_is_refused() =>
        Specs.Panel.Given(Registered).When(Change with { Host = "" }).ThenThrows<DomainException>();

    [Fact]
    public void Port_zero_is_refused() =>
        Specs.Panel.Given(Registered).When(Change with { Port = 0 }).ThenThrows<DomainException>();
}
