using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

public sealed class RecordPanelControlResultTests
{
    private const string RequestId = "request-1";
    private static readonly DateTimeOffset Now = T0.AddMinutes(31);

    private static readonly PanelControlRequested Requested =
        new(PanelId, RequestId, "operator-anna", PanelControlAction.Arm, ArmMode.Full, [1], T0.AddMinutes(30));

    private static RecordPanelControlResult Result(PanelControlResult result, string? reason = null) =>
        new(PanelId, RequestId, result, reason, Now);

    [Fact]
    public void Records_that_the_panel_accepted() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.Accepted))
            .Then(new PanelControlAccepted(PanelId, RequestId, Now));

    [Fact]
    public void Records_that_the_panel_refused_with_its_reason() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.Refused, "Can not arm, but can use force arm"))
            .Then(new PanelControlRefused(PanelId, RequestId, "Can not arm, but can use force arm", Now));

    [Fact]
    public void Records_that_the_panel_did_not_answer_in_time() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.TimedOut))
            .Then(new PanelControlTimedOut(PanelId, RequestId, Now));

    [Fact]
    public void The_request_then_has_its_result() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.Refused, "Can not arm"))
            .ThenState(s => Assert.Equal(PanelControlResult.Refused, s.ControlRequests[RequestId].Result));

    [Fact]
    public void The_same_result_again_is_already_satisfied() =>
        Specs.Panel
            .Given(Registered, Connected, Requested, new PanelControlAccepted(PanelId, RequestId, Now))
            .When(Result(PanelControlResult.Accepted))
            .ThenNothing();

    [Fact]
    public void A_late_second_result_changes_nothing() =>
        Specs.Panel
            .Given(Registered, Connected, Requested, new PanelControlTimedOut(PanelId, RequestId, Now))
            .When(Result(PanelControlResult.Accepted))
            .ThenNothing();

    [Fact]
    public void A_result_for_an_unknown_request_is_refused() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.Accepted) with { RequestId = "request-2" })
            .ThenThrows<DomainException>();

    [Fact]
    public void A_refusal_without_the_panel_reason_is_refused() =>
        Specs.Panel
            .Given(Registered, Connected, Requested)
            .When(Result(PanelControlResult.Refused, " "))
            .ThenThrows<DomainException>();

    [Fact]
    public void A_panel_that_is_not_registered_is_refused() =>
        Specs.Panel.When(Result(PanelControlResult.Accepted)).ThenThrows<DomainException>();
}
