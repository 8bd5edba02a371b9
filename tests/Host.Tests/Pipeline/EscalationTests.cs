using System.Net.Http.Json;
using System.Text.Json;
using static Host.Tests.Pipeline.PipelineHost;

namespace Host.Tests.Pipeline;

/// <summary>
/// An alarm nobody acknowledges is escalated at its deadline by a durable scheduled message, also when the Host
/// that raised it stopped while the delay was pending and another Host start picks it up.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private readonly PipelineHost _host = new("t_esc_" + Guid.NewGuid().ToString("N")[..12], new Dictionary<string, string>
    {
        // Burglary alarms are high priority: the station gives operators 10 s here (120 s by default).
        ["Alarms:AcknowledgeWithin:High"] = "00:00:10",
    });

    [Fact]
    public async Task An_alarm_not_acknowledged_in_time_is_escalated_once_after_a_restart_of_the_host()
    {
        string alarmId;
        await using (var first = _host.Start())
        {
            var (_, panelId) = await RegisterAsync(first);
            using var op = first.CreateClient().As("olga", "operator", "tenant-a");
            await SendFromIngestAsync(first, Burglary(panelId, "00C001"), panelId);
            var item = await EventuallyValueAsync<JsonElement>(async () =>
            {
                var board = await BoardAsync(op);
                return board.GetProperty("total").GetInt64() == 1 ? board.GetProperty("items")[0] : null;
            }, "the alarm on the board");
            alarmId = item.GetProperty("alarmId").GetString()!;
            var alarm = (await AlarmAsync(op, alarmId))!.Value;
            Assert.False(alarm.GetProperty("escalated").GetBoolean(), "the first Host should stop before the deadline; the machine is too slow for this test's 10 s");
            var due = alarm.GetProperty("acknowledgementDue").GetDateTimeOffset();
            Assert.Equal(alarm.GetProperty("raisedAt").GetDateTimeOffset().AddSeconds(10), due);
        } // the Host stops with the escalation pending in the outbox

        await using var second = _host.Start();
        using var client = second.CreateClient().As("olga", "operator", "tenant-a");
        var escalated = await EventuallyValueAsync<JsonElement>(async () =>
            await AlarmAsync(client, alarmId) is { } a && a.GetProperty("escalated").GetBoolean() ? a : null, "the escalation", seconds: 60);
        var history = escalated.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["alarm_raised", "alarm_escalated"], history);
        Assert.True(escalated.GetProperty("history")[1].GetProperty("at").GetDateTimeOffset() >= escalated.GetProperty("acknowledgementDue").GetDateTimeOffset());
        await EventuallyValueAsync<JsonElement>(async () =>
        {
            var board = await BoardAsync(client);
            return board.GetProperty("items")[0].GetProperty("escalated").GetBoolean() ? board : null;
        }, "the escalation on the board");

        // The scheduled message was handled once and is gone from the outbox.
        var outbox = await EventuallyValueAsync<JsonElement>(async () =>
        {
            var o = await client.GetFromJsonAsync<JsonElement>("/api/outbox");
            return o.GetProperty("pending").GetInt64() == 0 ? o : null;
        }, "an empty outbox");
        Assert.Equal(0, outbox.GetProperty("pending").GetInt64());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => HostFactory.DropSchemaAsync(_host.Schema);
}
