using System.Security.Cryptography;
using System.Text.Json;
using Contracts;
using Domain.Panels;
using EventStore;
using Messaging;
using Messaging.Handlers;
using PanelIngest.Protocol;
using PanelIngest.Secrets;
using PanelSimulator;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// Control requests through RabbitMQ: carried out on the simulated panel with the user code from the ingest's secrets,
/// answered with the module's result through the outbox; refused with "panel offline" when the panel cannot be reached.
/// </summary>
public sealed class ControlTests : IngestDatabase
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private PanelDirectory directory = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        directory = new PanelDirectory(Store);
        await directory.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await directory.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>What the Host does: the request goes into the outbox on the test's exchange, and a relay takes it to the ingest's queue.</summary>
    private async Task SendAsync(ExecutePanelControl request)
    {
        var options = new MessagingOptions { Exchange = "x-" + Schema, Outbox = { Schema = Schema } };
        foreach (var (type, name) in MessageNames.All) options.Messages.Register(type, name);
        await using var bus = new MessageBus(Store, new HandlerRegistry(), options);
        await bus.SendAsync(request, new MessageMetadata(request.RequestId, null, "olga", null), MessageNames.PanelKey(request.PanelId));
    }

    private static ExecutePanelControl Arm(string panelId, string requestId) =>
        new(panelId, requestId, PanelControlAction.Arm, ArmMode.Full, [1], DateTimeOffset.UtcNow);

    private async Task<(SimulatedSite Site, IngestNode Node, BrokerQueue Completed)> StartAsync(string panelId, string? userCode, bool reachable = true)
    {
        var site = await SimulatedSite.StartAsync(PanelDefinition.Standard(panelId));
        var port = site.Port;
        if (!reachable) await site.DisposeAsync();
        if (userCode is not null) await new SecretStore(DataSource, Schema, MasterKey).SetAsync(panelId, null, UserCode.Parse(userCode));
        var completed = await BrokerQueue.BindAsync("x-" + Schema, MessageNames.PanelControlCompleted);
        await directory.RegisterAsync(panelId, "127.0.0.1", port);
        var node = await IngestNode.StartAsync(Schema, "node-" + panelId, Convert.ToBase64String(MasterKey), broker: true);
        return (site, node, completed);
    }

    [Fact]
    public async Task An_accepted_arm_request_arms_the_panel_and_comes_back_accepted()
    {
        var (site, node, completed) = await StartAsync("ctl-ok", "1111");
        await using (site)
        await using (node)
        await using (completed)
        {
            await Eventually(() => Task.FromResult(site.Server.HasClient), "the module connected");
            await SendAsync(Arm("ctl-ok", "req-1"));
            var answer = await completed.NextAsync();
            Assert.Equal("req-1", answer.GetProperty("requestId").GetString());
            Assert.Equal(JsonValueKind.Number, answer.GetProperty("result").ValueKind);
            Assert.Equal((int)PanelControlResult.Accepted, answer.GetProperty("result").GetInt32());
            await Eventually(() => Task.FromResult(site.Panel.IsArmed(1)), "the partition armed");
        }
    }

    [Fact]
    public async Task A_code_the_panel_does_not_know_is_refused_with_the_panels_reason()
    {
        var (site, node, completed) = await StartAsync("ctl-bad", "4321");
        await using (site)
        await using (node)
        await using (completed)
        {
            await Eventually(() => Task.FromResult(site.Server.HasClient), "the module connected");
            await SendAsync(Arm("ctl-bad", "req-2"));
            var answer = await completed.NextAsync();
            Assert.Equal((int)PanelControlResult.Refused, answer.GetProperty("result").GetInt32());
            Assert.Equal(ResultCodes.Describe((byte)ResultCode.UserCodeNotFound), answer.GetProperty("reason").GetString());
            Assert.False(site.Panel.IsArmed(1));
        }
    }

    [Fact]
    public async Task A_request_for_a_panel_that_cannot_be_reached_is_refused_as_offline()
    {
        var (site, node, completed) = await StartAsync("ctl-off", "1111", reachable: false);
        await using (site)
        await using (node)
        await using (completed)
        {
            await Eventually(async () => await ScalarAsync("select count(*) from {schema}.ingest_leases where panel_id = 'ctl-off'") == 1, "the panel owned");
            await SendAsync(Arm("ctl-off", "req-3"));
            var answer = await completed.NextAsync();
            Assert.Equal((int)PanelControlResult.Refused, answer.GetProperty("result").GetInt32());
            Assert.Equal("panel offline", answer.GetProperty("reason").GetString());
        }
    }
}
