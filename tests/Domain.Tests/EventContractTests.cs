using System.Text.Json;
using System.Text.RegularExpressions;
using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;
using Domain.Tests.Alarms;
using Domain.Tests.Panels;
using Domain.Tests.Sites;

namespace Domain.Tests;

/// <summary>Events are a stored contract: every type is registered under a pinned name and survives JSON.</summary>
public sealed partial class EventContractTests
{
    private static readonly Type[] StreamBases = [typeof(SiteEvent), typeof(PanelEvent), typeof(AlarmEvent)];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One example of every event type.</summary>
    private static readonly object[] Examples =
    [
        SiteExamples.Registered,
        new SiteDetailsChanged("site-1", "Bakery & Café", SiteExamples.Address, [SiteExamples.Owner], "", SiteExamples.T0),
        SiteExamples.Decommissioned,
        PanelExamples.Registered,
        new PanelConnectionSettingsChanged("panel-1", "10.0.0.18", 7094, null, PanelExamples.T0),
        PanelExamples.Connected,
        PanelExamples.Lost,
        new PanelCommunicationRestored("panel-1", PanelExamples.T0),
        new PanelDecommissioned("panel-1", "Replaced", PanelExamples.T0),
        new PanelEventsLost("panel-1", "0A1B2C", PanelExamples.T0),
        PanelExamples.Recorded("035896", PanelEventKind.BurglaryAlarm, 130, zone: 2, description: "Burglary alarm"),
        new PanelControlRequested("panel-1", "request-1", "operator-anna", PanelControlAction.Arm, ArmMode.Mode2, [1, 2], PanelExamples.T0),
        new PanelControlAccepted("panel-1", "request-1", PanelExamples.T0),
        new PanelControlRefused("panel-1", "request-1", "Can not arm", PanelExamples.T0),
        new PanelControlTimedOut("panel-1", "request-1", PanelExamples.T0),
        AlarmExamples.BurglaryRaised,
        new AlarmRepeated("alarm-1", "panel-1/log:035897", AlarmExamples.T0),
        AlarmExamples.AcknowledgedByAnna,
        new AlarmDispatched("alarm-1", "operator-anna", DispatchTarget.FireService, "998", AlarmExamples.T0),
        new AlarmNoteAdded("alarm-1", "note-1", "operator-anna", "Smoke seen by neighbour", AlarmExamples.T0),
        new AlarmEscalated("alarm-1", AlarmExamples.T0, AlarmExamples.T0),
        AlarmExamples.ResolvedAsFalseAlarm,
    ];

    public static TheoryData<object> EveryEvent => [.. Examples];

    [Fact]
    public void Every_event_type_is_registered_exactly_once()
    {
        var declared = typeof(DomainException).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && StreamBases.Any(b => b.IsAssignableFrom(t)))
            .OrderBy(t => t.FullName);
        var registered = DomainEventTypes.All.Select(e => e.Type).OrderBy(t => t.FullName);
        Assert.Equal(declared, registered);
        Assert.All(declared, t => Assert.True(t.IsSealed, $"{t.Name} should be sealed"));
    }

    [Fact]
    public void Stored_names_are_unique_snake_case_and_start_with_their_stream_type()
    {
        Assert.Distinct(DomainEventTypes.All.Select(e => e.StoredName));
        Assert.All(SiteEventTypes.All, e => Assert.StartsWith("site_", e.StoredName));
        Assert.All(PanelEventTypes.All, e => Assert.StartsWith("panel_", e.StoredName));
        Assert.All(AlarmEventTypes.All, e => Assert.StartsWith("alarm_", e.StoredName));
        Assert.All(DomainEventTypes.All, e => Assert.Matches(SnakeCase(), e.StoredName));
    }

    [Fact]
    public void The_examples_cover_every_event_type() =>
        Assert.Equal(
            DomainEventTypes.All.Select(e => e.Type).OrderBy(t => t.FullName),
            Examples.Select(e => e.GetType()).OrderBy(t => t.FullName));

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void An_event_reads_back_equal_from_json(object @event)
    {
        var json = JsonSerializer.Serialize(@event, @event.GetType(), Json);
        Assert.Equal(@event, JsonSerializer.Deserialize(json, @event.GetType(), Json));
    }

    [Fact]
    public void Events_with_lists_compare_by_content()
    {
        var copy = PanelExamples.Registered with { Zones = [.. PanelExamples.Registered.Zones] };
        Assert.Equal(PanelExamples.Registered, copy);
        Assert.Equal(PanelExamples.Registered.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(PanelExamples.Registered, copy with { Zones = [PanelExamples.FrontDoor] });
    }

    [Fact]
    public void No_event_carries_a_secret()
    {
        var properties = DomainEventTypes.All.SelectMany(e => e.Type.GetProperties()).Select(p => p.Name);
        Assert.DoesNotContain(properties, name =>
            (name.Contains("Key", StringComparison.Ordinal) && !name.EndsWith("KeyRef", StringComparison.Ordinal))
            || (name.Contains("Code", StringComparison.Ordinal) && name != "EventCode")
            || name.Contains("Password", StringComparison.Ordinal));
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
