using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts;
using Host.Alarms.RaisingAlarms;
using Host.Tests.LiveFeed;
using static Host.Tests.Pipeline.PipelineHost;

namespace Host.Tests.Pipeline;

/// <summary>
/// The alarm lifecycle end to end: a panel event message from the ingest travels the outbox, the relay and
/// RabbitMQ to the Host's consumer, which records it and raises the alarm; operators acknowledge and resolve it
/// over HTTP; the board and the alarm show each step.
/// </summary>
public sealed class AlarmLifecycleTests : IAsyncLifetime
{
    private readonly PipelineHost _host = new("t_life_" + Guid.NewGuid().ToString("N")[..12]);
    private HostFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = _host.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_host.Schema);
    }

    [Fact]
    public async Task A_panel_event_message_raises_an_alarm_that_is_acknowledged_and_resolved()
    {
        var (siteId, panelId) = await RegisterAsync(_factory);
        using var op = _factory.CreateClient().As("olga", "operator", "tenant-a");
        await using var console = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("olga", "operator", "tenant-a"));
        await using var otherTenant = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("bob", "operator", "tenant-b"));
        var correlation = Guid.NewGuid().ToString();
        var read = Burglary(panelId, "00A001", zone: 2);
        await SendFromIngestAsync(_factory, read, panelId, correlation);

        var item = await EventuallyValueAsync<JsonElement>(async () =>
        {
            var board = await BoardAsync(op);
            return board.GetProperty("total").GetInt64() == 1 ? board.GetProperty("items")[0] : null;
        }, "the alarm on the board");
        var alarmId = item.GetProperty("alarmId").GetString()!;
        Assert.Equal((siteId, panelId, "Burglary", 2), (item.GetProperty("siteId").GetString(), item.GetProperty("panelId").GetString(),
            item.GetProperty("kind").GetString(), item.GetProperty("zone").GetInt32()));
        Assert.Equal(AlarmRaiser.AlarmIdFor(AlarmPolicy.PanelEventIdentity(panelId, read.EventLogIndex, read.PanelTime, read.EventCode, read.Restore)), alarmId);

        var alarm = (await AlarmAsync(op, alarmId))!.Value;
        Assert.Equal("Open", alarm.GetProperty("status").GetString());
        var raised = alarm.GetProperty("history")[0];
        Assert.Equal("alarm_raised", raised.GetProperty("type").GetString());

        // The panel stream holds the panel's own record, and the zone shows alarm memory.
        var panel = await op.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
        Assert.Contains(panel.GetProperty("zones").EnumerateArray(), z => z.GetProperty("number").GetInt32() == 2 && z.GetProperty("alarmMemory").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/alarms/{alarmId}/acknowledge", null)).StatusCode);
        await EventuallyValueAsync<JsonElement>(async () =>
        {
            var board = await BoardAsync(op);
            return board.GetProperty("items")[0].GetProperty("status").GetString() == "acknowledged" ? board : null;
        }, "the acknowledgement on the board");

        var resolve = await op.PostAsJsonAsync($"/api/alarms/{alarmId}/resolve", new { outcome = "FalseAlarm", note = "Cat in the office" });
        Assert.Equal(HttpStatusCode.NoContent, resolve.StatusCode);
        await EventuallyValueAsync<JsonElement>(async () =>
        {
            var board = await BoardAsync(op);
            return board.GetProperty("total").GetInt64() == 0 ? board : null;
        }, "the resolved alarm off the board");
        alarm = (await AlarmAsync(op, alarmId))!.Value;
        Assert.Equal(("Resolved", "FalseAlarm"), (alarm.GetProperty("status").GetString(), alarm.GetProperty("outcome").GetString()));
        Assert.Equal(["alarm_raised", "alarm_acknowledged", "alarm_resolved"],
            alarm.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("type").GetString()!).ToArray());
        Assert.Equal("olga", alarm.GetProperty("history")[2].GetProperty("userId").GetString());

        // The operator console saw each step as it was committed; another tenant's console saw none of it.
        var seen = await EventuallyAsync(() => Task.FromResult<string[]?>(console.Items
            .Where(i => i.GetProperty("streamId").GetString() == alarmId).Select(i => i.GetProperty("type").GetString()!).ToArray() is { Length: 3 } types ? types : null),
            "the lifecycle on the live feed");
        Assert.Equal(["alarm_raised", "alarm_acknowledged", "alarm_resolved"], seen);
        Assert.DoesNotContain(otherTenant.Items, i => i.TryGetProperty("streamId", out var s) && s.GetString() == alarmId);
    }

    [Fact]
    public async Task Another_event_for_the_zone_of_an_open_alarm_is_a_repeat_and_a_redelivered_record_changes_nothing()
    {
        var (_, panelId) = await RegisterAsync(_factory);
        using var op = _factory.CreateClient().As("olga", "operator", "tenant-a");
        var first = Burglary(panelId, "00B001", zone: 1);
        await SendFromIngestAsync(_factory, first, panelId);
        await SendFromIngestAsync(_factory, first with { ReadAt = DateTimeOffset.UtcNow }, panelId); // the ingest read it twice (a new message id)
        await SendFromIngestAsync(_factory, Burglary(panelId, "00B002", zone: 1), panelId);
        await SendFromIngestAsync(_factory, Burglary(panelId, "00B003", zone: 3, partition: 2), panelId);

        var board = await EventuallyValueAsync<JsonElement>(async () =>
        {
            var b = await BoardAsync(op);
            return b.GetProperty("total").GetInt64() == 2 && b.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("repeats").GetInt32() == 1) ? b : null;
        }, "two alarms, one of them repeated");
        var zone1 = board.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("zone").GetInt32() == 1);
        Assert.Equal(1, zone1.GetProperty("repeats").GetInt32());

        var alarmId = zone1.GetProperty("alarmId").GetString()!;
        var alarm = (await AlarmAsync(op, alarmId))!.Value;
        Assert.Equal(["alarm_raised", "alarm_repeated"], alarm.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("type").GetString()!).ToArray());

        // Once that alarm is resolved, the next event of the zone is a new alarm.
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/alarms/{alarmId}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsJsonAsync($"/api/alarms/{alarmId}/resolve", new { outcome = "Real", note = "Police on site" })).StatusCode);
        await SendFromIngestAsync(_factory, Burglary(panelId, "00B004", zone: 1), panelId);
        await EventuallyValueAsync<JsonElement>(async () =>
        {
            var b = await BoardAsync(op);
            return b.GetProperty("total").GetInt64() == 2 && b.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("zone").GetInt32() == 1 && i.GetProperty("alarmId").GetString() != alarmId) ? b : null;
        }, "a new alarm for zone 1");

        var panel = await op.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
        Assert.Equal(5, panel.GetProperty("version").GetInt64()); // registered + four distinct records
    }

    [Fact]
    public async Task A_communication_loss_raises_an_alarm_and_the_panel_shows_it()
    {
        var (_, panelId) = await RegisterAsync(_factory);
        using var op = _factory.CreateClient().As("olga", "operator", "tenant-a");
        await SendFromIngestAsync(_factory, new PanelConnectionChanged(panelId, true, null, DateTimeOffset.UtcNow), panelId);
        await SendFromIngestAsync(_factory, new PanelConnectionChanged(panelId, false, "no answer for 30 s", DateTimeOffset.UtcNow), panelId);

        var item = await EventuallyValueAsync<JsonElement>(async () =>
        {
            var board = await BoardAsync(op);
            return board.GetProperty("total").GetInt64() == 1 ? board.GetProperty("items")[0] : null;
        }, "the communication loss alarm");
        Assert.Equal(("CommunicationLoss", JsonValueKind.Null), (item.GetProperty("kind").GetString(), item.GetProperty("zone").ValueKind));
        var panel = await op.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
        Assert.Equal("CommunicationLost", panel.GetProperty("connection").GetString());
    }
}
