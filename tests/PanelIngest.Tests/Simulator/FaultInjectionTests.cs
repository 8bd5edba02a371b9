using System.Diagnostics;
using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Answers_with_a_corrupted_crc_are_dropped_by_the_clients_decoder()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        server.Faults.CorruptCrcProbability = 1;

        Assert.Null(await client.TryAskAsync(new ReadModuleVersion(), TimeSpan.FromMilliseconds(500)));
        Assert.True(await Eventually.TrueAsync(() => client.Decoder.DroppedFor(FrameDropReason.BadCrc) == 1));

        server.Faults.CorruptCrcProbability = 0;
        Assert.IsType<ModuleVersionAnswer>(await client.AskAsync(new ReadModuleVersion()));
    }

    [Fact]
    public async Task Garbage_before_frames_does_not_hide_them()
    {
        await using var server = await Simulators.StartAsync(options: new SimulatorOptions { Seed = 7 });
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        server.Faults.GarbageProbability = 1;

        for (var i = 0; i < 20; i++)
            Assert.IsType<PanelVersionAnswer>(await client.AskAsync(new ReadPanelVersion()));
        Assert.True(client.RawReceived.Length > 20 * new ReadPanelVersion().ToFrame().Encode().Length);
    }

    [Fact]
    public async Task Dropped_answers_never_arrive()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        server.Faults.DropAnswerProbability = 1;

        Assert.Null(await client.TryAskAsync(new ReadModuleVersion(), TimeSpan.FromMilliseconds(300)));
        Assert.Empty(client.RawReceived);
    }

    [Fact]
    public async Task A_reset_fault_closes_the_connection_instead_of_answering()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        server.Faults.ResetProbability = 1;

        await client.SendAsync(new ReadModuleVersion().ToFrame().Encode());

        Assert.True(await client.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(client.RawReceived);
    }

    [Fact]
    public async Task Slow_answers_come_after_the_delay()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        server.Faults.AnswerDelay = TimeSpan.FromMilliseconds(300);

        var clock = Stopwatch.StartNew();
        await client.AskAsync(new ReadModuleVersion());

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Clock_skew_moves_the_panel_clock_and_the_times_in_new_records()
    {
        await using var server = await Simulators.StartAsync();
        server.Faults.ClockSkew = TimeSpan.FromHours(-3);
        var truth = Simulators.Record(server.Panel);
        server.Panel.AcLoss();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var clock = Assert.IsType<ClockAndStatusAnswer>(await client.AskAsync(new ReadState(StateCommand.ClockAndStatus)));
        Assert.InRange(clock.Clock, DateTime.UtcNow.AddHours(-3).AddMinutes(-1), DateTime.UtcNow.AddHours(-3).AddMinutes(1));
        Assert.InRange(Assert.Single(truth).PanelTime, DateTime.UtcNow.AddHours(-3).AddMinutes(-1), DateTime.UtcNow.AddHours(-3).AddMinutes(1));
    }
}
