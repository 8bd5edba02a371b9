using System.Text.Json.Nodes;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class VersioningTests : StoreTest
{
    // v1 of an event as it was once shipped, and the current shape.
    public sealed record AlarmRaisedV1(string Zone);
    public sealed record AlarmRaised(int Zone, string Priority);
    public sealed record PanelRenamed(string NewName);

    [Fact]
    public async Task Upcasters_turn_stored_old_versions_into_the_current_type_on_read()
    {
        var id = NewStreamId();
        await using (var old = NewStore(o => o.Types.Register<AlarmRaisedV1>("alarm_raised")))
        {
            await old.AppendAsync(id, "alarm", ExpectedVersion.Any, new AlarmRaisedV1("7"));
        }
        await using (var old = NewStore(o => o.Types.Register<PanelRenamed>("panel_named")))
        {
            await old.AppendAsync(id, "alarm", ExpectedVersion.Any, new PanelRenamed("North"));
        }

        await using var current = NewStore(o => o.Types
            .Register<AlarmRaised>("alarm_raised_v2")
            .Upcast<AlarmRaisedV1, AlarmRaised>("alarm_raised", v1 => new AlarmRaised(int.Parse(v1.Zone, System.Globalization.CultureInfo.InvariantCulture), "normal"))
            .Register<PanelRenamed>("panel_renamed")
            .Upcast<PanelRenamed>("panel_named", json => new PanelRenamed(json["newName"]!.GetValue<string>())));

        var events = await current.ReadStreamAsync(id).ToListAsync();
        Assert.Equal(new AlarmRaised(7, "normal"), events[0].Data);
        Assert.Equal("alarm_raised", events[0].EventType);
        Assert.Equal(new PanelRenamed("North"), events[1].Data);
        await current.AppendAsync(id, "alarm", ExpectedVersion.Exact(2), new AlarmRaised(8, "high"));
        Assert.Equal("alarm_raised_v2", (await current.ReadStreamAsync(id, 3).ToListAsync())[0].EventType);
    }

    [Fact]
    public void A_stored_name_cannot_be_claimed_twice()
    {
        var registry = new EventTypeRegistry().Register<Counted>("counted");
        Assert.Throws<ArgumentException>(() => registry.Register<Deposited>("counted"));
        Assert.Throws<ArgumentException>(() => registry.Register<Counted>("counted_again"));
        Assert.Throws<ArgumentException>(() => registry.Upcast<Counted>("counted", (JsonObject _) => new Counted("x", 1)));
    }
}
