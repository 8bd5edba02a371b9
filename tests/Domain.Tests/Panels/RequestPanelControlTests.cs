using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RequestPanelControlTests
{
    private const string RequestId = "request-1";
    private const string Operator = "operator-anna";
    private static readonly DateTimeOffset Now = T0.AddMinutes(30);

    private static RequestPanelControl ArmBoth =>
        new(PanelId, RequestId, Operator, PanelControlAction.Arm, ArmMode.Full, [2, 1, 2], Now);

    private static PanelControlRequested BothArmRequested =>
        new(PanelId, RequestId, Operator, PanelControlAction.Arm, ArmMode.Full, [1, 2], Now);

    [Fact]
    public void Records_an_arm_request_for_each_partition_once_in_order() =>
        Specs.Panel.Given(Registered, Connected).When(ArmBoth).Then(BothArmRequested);

    [Fact]
    public void Records_a_disarm_request() =>
        Specs.Panel
            .Given(Registered, Connected)
            .When(ArmBoth with { Action = PanelControlAction.Disarm, Mode = null, Partitions = [2] })
            .Then(new PanelControlRequested(PanelId, RequestId, Operator, PanelControlAction.Disarm, null, [2], Now));

    [Fact]
    public void Records_a_clear_alarm_request() =>
        Specs.Panel
            .Given(Registered, Connected)
            .When(ArmBoth with { Action = PanelControlAction.ClearAlarm, Mode = null, Partitions = [1] })
            .Then(new PanelControlRequested(PanelId, RequestId, Operator, PanelControlAction.ClearAlarm, null, [1], Now));

    [Fact]
    public void The_request_then_waits_for_its_result() =>
        Specs.Panel
            .Given(Registered, Connected)
            .When(ArmBoth)
            .ThenState(s => Assert.Null(s.ControlRequests[RequestId].Result));

    [Fact]
    public void The_same_request_again_is_already_satisfied_even_after_communication_is_lost() =>
        Specs.Panel.Given(Registered, Connected, BothArmRequested, Lost).When(ArmBoth).ThenNothing();

    [Fact]
    public void Reusing_a_request_id_for_another_action_is_refused() =>
        Specs.Panel
            .Given(Registered, Connected, BothArmRequested)
            .When(ArmBoth with { Action = PanelControlAction.Disarm, Mode = null })
            .ThenThrows<DomainException>();

    [Fact]
    public void A_partition_the_panel_does_not_have_is_refused() =>
        Specs.Panel.Given(Registered, Connected).When(ArmBoth with { Partitions = [1, 7] }).ThenThrows<DomainException>();

    [Fact]
    public void A_request_without_partitions_is_refused() =>
        Specs.Panel.Given(Registered, Connected).When(ArmBoth with { Partitions = [] }).ThenThrows<DomainException>();

    [Fact]
    public void Arming_without_a_mode_is_refused() =>
        Specs.Panel.Given(Registered, Connected).When(ArmBoth with { Mode = null }).ThenThrows<DomainException>();

    [Fact]
    public void Disarming_with_an_arm_mode_is_refused() =>
        Specs.Panel
            .Given(Registered, Connected)
            .When(ArmBoth with { Action = PanelControlAction.Disarm, Mode = ArmMode.Mode2 })
            .ThenThrows<DomainException>();

    [Fact]
    public void A_request_to_a_panel_out_of_communication_is_refused() =>
        Specs.Panel.Given(Registered, Connected, Lost).When(ArmBoth).ThenThrows<DomainException>();

    [Fact]
    public void A_request_to_a_panel_never_connected_is_refused() =>
        Specs.Panel.Given(Registered).When(ArmBoth).ThenThrows<DomainException>();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(ArmBoth).ThenThrows<DomainException>();
}
