using System.Security.Cryptography;
using Contracts;
using PanelIngest.Protocol;
using PanelIngest.Secrets;
using PanelSimulator;

namespace PanelIngest.Tests.Ingest;

/// <summary>The integration key and the user code never reach a log line or an outgoing message, whatever happens.</summary>
public sealed class SecretsInLogsTests : IngestDatabase
{
    private const string Key = "Kq7Zx93Lmw";
    private const string WrongKey = "Wr0ngKey58";
    private const string Code = "73917391";

    [Fact]
    public async Task Neither_the_key_nor_the_code_appears_in_logs_or_messages()
    {
        var masterKey = RandomNumberGenerator.GetBytes(32);
        await using var directory = new PanelDirectory(Store);
        await directory.StartAsync();
        var definition = PanelDefinition.Standard("sec-ok", integrationKey: Key) is var d
            ? d with { Users = [.. d.Users, new UserDefinition(5, "Remote", Code)] } : null!;
        await using var good = await SimulatedSite.StartAsync(definition);
        await using var wrong = await SimulatedSite.StartAsync(PanelDefinition.Standard("sec-wrong", integrationKey: Key));
        var secrets = new SecretStore(DataSource, Schema, masterKey);
        await secrets.SetAsync("sec-ok", new SecretText(Key), UserCode.Parse(Code));
        await secrets.SetAsync("sec-wrong", new SecretText(WrongKey), UserCode.Parse(Code)); // the module will not understand us
        await directory.RegisterAsync("sec-ok", "127.0.0.1", good.Port, "vault:sec-ok");
        await directory.RegisterAsync("sec-wrong", "127.0.0.1", wrong.Port, "vault:sec-wrong");
        // With a broker the relay empties the outbox: what left the ingest is read from a queue, as the Host would.
        await using var fromIngest = await BrokerQueue.BindAsync("x-" + Schema, [.. MessageNames.FromIngest]);

        await using (var node = await IngestNode.StartAsync(Schema, "node-sec", Convert.ToBase64String(masterKey), broker: true))
        {
            good.Generate(5);
            for (var i = 0; i < 5; i++)
                await fromIngest.NextOfAsync(m => m.Type == MessageNames.PanelEventRead && m.Body.GetProperty("panelId").GetString() == "sec-ok");
            var options = new Messaging.MessagingOptions { Exchange = "x-" + Schema, Outbox = { Schema = Schema } };
            foreach (var (type, name) in MessageNames.All) options.Messages.Register(type, name);
            await using (var bus = new Messaging.MessageBus(Store, new Messaging.Handlers.HandlerRegistry(), options))
                await bus.SendAsync(new ExecutePanelControl("sec-ok", "req-s", Domain.Panels.PanelControlAction.Arm, Domain.Panels.ArmMode.Full, [1], DateTimeOffset.UtcNow), orderingKey: "sec-ok");
            var answer = (await fromIngest.NextOfAsync(m => m.Type == MessageNames.PanelControlCompleted)).Body;
            Assert.Equal("req-s", answer.GetProperty("requestId").GetString());
            await Eventually(() => Task.FromResult(node.Logs.Lines.Any(l => l.Contains("sec-wrong", StringComparison.Ordinal))), "the failing panel logged");
            await node.StopAsync();

            var everything = node.Logs.All + string.Join('\n', fromIngest.Received.Select(m => m.Body.ToString()))
                + string.Join('\n', (await OutboxAsync("sec-ok")).Concat(await OutboxAsync("sec-wrong")).Select(r => r.Body));
            Assert.NotEmpty(node.Logs.Lines);
            foreach (var secret in new[] { Key, WrongKey, Code })
                Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
