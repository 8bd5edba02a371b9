using System.Text;
using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class ConnectionBehaviourTests
{
    [Fact]
    public async Task A_second_client_gets_the_busy_text_and_is_closed()
    {
        await using var server = await Simulators.StartAsync();
        await using var first = await SatelTestClient.ConnectAsync(server.EndPoint);
        await first.AskAsync(new ReadModuleVersion()); // the module is now surely held

        await using var second = await SatelTestClient.ConnectAsync(server.EndPoint);

        Assert.True(await second.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("\u0010Busy!\r\n", Encoding.ASCII.GetString(second.RawReceived));
        Assert.Equal(1, server.BusyRefusals);
        Assert.IsType<ModuleVersionAnswer>(await first.AskAsync(new ReadModuleVersion()));
    }

    [Fact]
    public async Task The_module_disconnects_an_idle_client_and_then_accepts_another()
    {
        var options = new SimulatorOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        await using var server = await Simulators.StartAsync(options: options);
        await using var idle = await SatelTestClient.ConnectAsync(server.EndPoint);
        await idle.AskAsync(new ReadModuleVersion());

        Assert.True(await idle.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await Eventually.TrueAsync(() => !server.HasClient));
        await using var next = await SatelTestClient.ConnectAsync(server.EndPoint);
        Assert.IsType<ModuleVersionAnswer>(await next.AskAsync(new ReadModuleVersion()));
    }

    [Fact]
    public async Task The_idle_time_counts_from_the_last_request_and_is_25_seconds_by_default()
    {
        var clock = new ManualTimeProvider();
        await using var server = await Simulators.StartAsync(options: new SimulatorOptions { Time = clock });
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await client.AskAsync(new ReadModuleVersion());

        clock.Advance(TimeSpan.FromSeconds(20));
        await client.AskAsync(new ReadModuleVersion());
        clock.Advance(TimeSpan.FromSeconds(20)); // 40 s since connecting, 20 s since the last request
        await client.AskAsync(new ReadModuleVersion());
        Assert.False(client.IsClosed);

        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True(await client.WaitClosedAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Requests_sent_back_to_back_are_answered_in_order()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        await client.SendAsync([.. new ReadModuleVersion().ToFrame().Encode(), .. new ReadPanelVersion().ToFrame().Encode()]);

        Assert.Equal((byte)0x7C, (await client.NextFrameAsync(SatelTestClient.AnswerTimeout))?.Command);
        Assert.Equal((byte)0x7E, (await client.NextFrameAsync(SatelTestClient.AnswerTimeout))?.Command);
    }

    [Fact]
    public async Task A_server_that_stops_closes_its_client()
    {
        var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await client.AskAsync(new ReadModuleVersion());

        await server.DisposeAsync();

        Assert.True(await client.WaitClosedAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_module_restart_drops_the_client_and_lets_it_reconnect()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await client.AskAsync(new ReadModuleVersion());

        await server.DisconnectClientAsync();

        Assert.True(await client.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await Eventually.TrueAsync(() => !server.HasClient));
        await using var again = await SatelTestClient.ConnectAsync(server.EndPoint);
        Assert.IsType<ModuleVersionAnswer>(await again.AskAsync(new ReadModuleVersion()));
        Assert.Equal(2, server.ConnectionsAccepted);
    }
}
