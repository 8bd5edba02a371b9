using System.Text.Json;
using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;
using Domain.Tests.Alarms;
using Domain.Tests.Panels;
using Domain.Tests.Sites;

namespace Domain.Tests;

/// <summary>The store may snapshot folded state as JSON; a state must read back as the same state.</summary>
public sealed class StateSnapshotTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static void AssertReadsBack<TState>(TState state)
    {
        var json = JsonSerializer.Serialize(state, Json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<TState>(json, Json), Json));
    }

    [Fact]
    public void Site_state() =>
        Specs.Site.Given(SiteExamples.Registered).ThenState(AssertReadsBack);

    [Fact]
    public void Panel_state() =>
        Specs.Panel
            .Given(
                PanelExamples.Registered, PanelExamples.Connected, PanelExamples.Armed("000001", 1),
                PanelExamples.Recorded("000002", PanelEventKind.Trouble, 301, partition: null),
                PanelExamples.Recorded("000003", PanelEventKind.ZoneViolation, 99, zone: 2),
                new PanelControlRequested("panel-1", "request-1", "operator-anna", PanelControlAction.Disarm, null, [1], PanelExamples.T0))
            .ThenState(AssertReadsBack);

    [Fact]
    public void Alarm_state() =>
        Specs.Alarm
            .Given(AlarmExamples.BurglaryRaised, AlarmExamples.AcknowledgedByAnna,
                new AlarmDispatched("alarm-1", "operator-anna", DispatchTarget.Police, "112", AlarmExamples.T0))
            .ThenState(AssertReadsBack);
}
