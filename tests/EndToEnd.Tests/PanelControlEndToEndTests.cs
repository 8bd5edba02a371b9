using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// Panel control end to end: an operator's request over the Host's API → outbox → RabbitMQ → PanelIngest (a real
/// process, the user code stored with its <c>secrets set</c> verb) → the simulated panel arms → the answer back to
/// the Host, and the panel's own arming record read from its log shows the partition armed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PanelControlEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_arm_request_from_the_Host_arms_the_simulated_panel_and_comes_back_accepted()
    {
        await using var system = await EndToEndSystem.StartAsync(nameof(PanelControlEndToEndTests), panels: 1);
        await system.DiagnoseAsync(output, async () =>
        {
            var panelId = system.PanelIds[0];
            await system.SetUserCodeAsync(panelId, system.Sites.Panel(0).Definition.Users[0].Code);
            system.StartIngest("node-ctl");
            await system.AllConnectedAsync();

            var requestId = await RequestAsync(system, panelId, new { action = "Arm", mode = "Full", partitions = new[] { 1 } });
            var armed = await ResultAsync(system, panelId, requestId, panel => panel.GetProperty("armedPartitions").EnumerateArray().Any(p => p.GetInt32() == 1));
            Assert.Equal("Accepted", armed);
            Assert.True(system.Sites.Panel(0).IsArmed(1));
            Assert.False(system.Sites.Panel(0).IsArmed(2));

            var disarmId = await RequestAsync(system, panelId, new { action = "Disarm", partitions = new[] { 1 } });
            var disarmed = await ResultAsync(system, panelId, disarmId, panel => panel.GetProperty("armedPartitions").GetArrayLength() == 0);
            Assert.Equal("Accepted", disarmed);
            Assert.False(system.Sites.Panel(0).IsArmed(1));
        });
    }

    private static async Task<string> RequestAsync(EndToEndSystem system, string panelId, object body)
    {
        using var operatorClient = system.Host.ClientAs("olga", "operator");
        var response = await operatorClient.PostAsJsonAsync($"/api/panels/{panelId}/control", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
    }

    /// <summary>Waits until the request has its result on the panel and <paramref name="state"/> holds (the panel's own record, read from its log); returns the result.</summary>
    private static Task<string> ResultAsync(EndToEndSystem system, string panelId, string requestId, Func<JsonElement, bool> state) =>
        Eventually.ValueAsync(async () =>
        {
            var panel = await system.PanelAsync(panelId);
            var result = panel.GetProperty("controlRequests").EnumerateArray()
                .Where(r => r.GetProperty("requestId").GetString() == requestId)
                .Select(r => r.GetProperty("result").GetString()).SingleOrDefault();
            return result is not null && state(panel) ? result : null;
        }, $"the result of {requestId} and the panel's state in the Host");
}
