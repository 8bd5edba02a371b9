using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RegisterPanelTests
{
    [Fact]
    public void Registers_the_panel_with_partitions_and_zones_in_number_order() =>
        Specs.Panel
            .When(Register with { Partitions = [Garage, GroundFloor], Zones = [GarageDoor, FrontDoor, HallMotion] })
            .Then(Registered);

    [Fact]
    public void An_unencrypted_module_has_no_integration_key_reference() =>
        Specs.Panel
            .When(Register with { IntegrationKeyRef = null })
            .Then(Registered with { IntegrationKeyRef = null });

    [Fact]
    public void A_registered_panel_knows_its_partitions_and_zones_but_not_yet_their_state() =>
        Specs.Panel
            .When(Register)
            .ThenState(s =>
            {
                Assert.Equal(PanelStatus.Registered, s.Status);
                Assert.Equal(PanelConnectionStatus.NeverConnected, s.Connection);
                Assert.Equal(new PartitionStatus("Garage", PartitionArmState.Unknown, false), s.Partitions[2]);
                Assert.Equal(new ZoneStatus("Garage door", 2, false, false, false, false), s.Zones[3]);
                Assert.Empty(s.Troubles);
            });

    [Fact]
    public void Registering_the_same_panel_again_is_already_satisfied() =>
        Specs.Panel.Given(Registered).When(Register with { Now = T0.AddHours(1) }).ThenNothing();

    [Fact]
    public void Registering_a_registered_panel_with_other_settings_is_refused() =>
        Specs.Panel.Given(Registered).When(Register with { Host = "10.0.0.99" }).ThenThrows<DomainException>();

    [Fact]
    public void A_zone_in_a_partition_the_panel_does_not_have_is_refused() =>
        Specs.Panel.When(Register with { Zones = [FrontDoor, new PanelZone(4, "Shed", 3)] }).ThenThrows<DomainException>();

    [Fact]
    public void A_partition_beyond_what_the_model_has_is_refused() =>
        Specs.Panel
            .When(Register with { Model = PanelModel.Integra24, Partitions = [GroundFloor, new PanelPartition(5, "Attic")] })
            .ThenThrows<DomainException>();

    [Fact]
    public void A_zone_beyond_what_the_model_has_is_refused() =>
        Specs.Panel.When(Register with { Zones = [new PanelZone(65, "Gate", 1)] }).ThenThrows<DomainException>();

    [Fact]
    public void A_zone_listed_twice_is_refused() =>
        Specs.Panel.When(Register with { Zones = [FrontDoor, FrontDoor with { Name = "Door" }] }).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_without_partitions_is_refused() =>
        Specs.Panel.When(Register with { Partitions = [], Zones = [] }).ThenThrows<DomainException>();

    [Fact]
    public void A_port_outside_the_tcp_range_is_refused() =>
        Specs.Panel.When(Register with { Port = 70940 }).ThenThrows<DomainException>();

    [Fact]
    public void A_blank_integration_key_reference_is_refused() =>
        Specs.Panel.When(Register with { IntegrationKeyRef = " " }).ThenThrows<DomainException>();
}
