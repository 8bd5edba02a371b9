using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class EncryptionTests
{
    private static PanelDefinition Encrypted(string key) =>
        PanelDefinition.Standard($"enc-{Guid.NewGuid():N}", integrationKey: key);

    [Fact]
    public async Task A_client_with_the_right_key_talks_to_an_encrypted_module()
    {
        await using var server = await Simulators.StartAsync(Encrypted("some_key"));
        server.Panel.ViolateZone(1);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint, "some_key");

        Assert.IsType<ModuleVersionAnswer>(await client.AskAsync(new ReadModuleVersion()));
        var newest = Assert.IsType<EventRecordAnswer>(await client.AskAsync(new ReadEvent(EventLogIndex.Newest)));
        Assert.Equal(99, newest.Record.Code);
        // Many requests in a row: counters and id echoes stay in step.
        for (var i = 0; i < 20; i++)
            Assert.IsType<PanelVersionAnswer>(await client.AskAsync(new ReadPanelVersion()));
    }

    [Fact]
    public async Task A_client_with_the_wrong_key_gets_nothing_usable()
    {
        await using var server = await Simulators.StartAsync(Encrypted("some_key"));
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint, "other_key");

        Assert.Null(await client.TryAskAsync(new ReadModuleVersion(), TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, client.Decoder.FramesDecoded);
    }

    [Fact]
    public async Task A_plain_client_gets_nothing_from_an_encrypted_module()
    {
        await using var server = await Simulators.StartAsync(Encrypted("some_key"));
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        Assert.Null(await client.TryAskAsync(new ReadModuleVersion(), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_second_client_of_an_encrypted_module_gets_opaque_busy_bytes()
    {
        await using var server = await Simulators.StartAsync(Encrypted("some_key"));
        await using var first = await SatelTestClient.ConnectAsync(server.EndPoint, "some_key");
        await first.AskAsync(new ReadModuleVersion());

        await using var second = await SatelTestClient.ConnectAsync(server.EndPoint, "some_key");

        Assert.True(await second.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(SimulatorOptions.Default.EncryptedBusyBytes, second.RawReceived);
    }
}
