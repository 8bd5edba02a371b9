using Domain.Panels;
using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class ModuleAnswerTests
{
    [Fact]
    public async Task Answers_the_module_and_panel_versions()
    {
        await using var server = await Simulators.StartAsync(PanelDefinition.Standard("v", PanelModel.Integra256Plus));
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var module = Assert.IsType<ModuleVersionAnswer>(await client.AskAsync(new ReadModuleVersion()));
        Assert.True(module.Serves32ByteLists);
        Assert.Equal(2, module.Version.Major);

        var panel = Assert.IsType<PanelVersionAnswer>(await client.AskAsync(new ReadPanelVersion()));
        Assert.Equal(PanelModel.Integra256Plus, panel.Model);
        Assert.True(panel.SettingsInFlash);
    }

    [Fact]
    public async Task Answers_names_and_refuses_devices_the_panel_does_not_have()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var zone = Assert.IsType<DeviceNameAnswer>(await client.AskAsync(new ReadDeviceName(DeviceKind.ZoneWithPartition, 2)));
        Assert.Equal(("Zone 2", (byte?)2), (zone.Name, zone.Extra));
        var partition = Assert.IsType<DeviceNameAnswer>(await client.AskAsync(new ReadDeviceName(DeviceKind.Partition, 1)));
        Assert.Equal("Partition 1", partition.Name);
        var missing = Assert.IsType<ResultAnswer>(await client.AskAsync(new ReadDeviceName(DeviceKind.Zone, 99)));
        Assert.Equal(ResultCode.OtherError, missing.Code);
    }

    [Fact]
    public async Task Answers_the_clock_with_the_panel_type_and_an_ac_trouble()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.AcLoss();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var clock = Assert.IsType<ClockAndStatusAnswer>(await client.AskAsync(new ReadState(StateCommand.ClockAndStatus)));
        Assert.Equal(3, clock.PanelType);
        Assert.True(clock.Troubles);
        Assert.InRange(clock.Clock, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        var troubles = Assert.IsType<TroublesAnswer>(await client.AskAsync(new ReadState(StateCommand.TroublesPart1)));
        Assert.True(troubles.Part1!.System.HasFlag(SystemTroubles.AcSupply));
    }

    [Fact]
    public async Task Answers_zone_lists_in_16_or_32_bytes_as_asked()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.ViolateZone(3);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var shortForm = Assert.IsType<StateBitmapAnswer>(await client.AskAsync(new ReadState(StateCommand.ZonesViolation)));
        var longForm = Assert.IsType<StateBitmapAnswer>(await client.AskAsync(new ReadState(StateCommand.ZonesViolation, Extended: true)));
        Assert.Equal(ObjectSet.Of(16, 3), shortForm.Objects);
        Assert.Equal(ObjectSet.Of(32, 3), longForm.Objects);
    }

    [Fact]
    public async Task Answers_event_texts_from_the_manual_table()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var text = Assert.IsType<EventTextAnswer>(await client.AskAsync(new ReadEventText(130, false, Long: true)));
        Assert.Equal(("Burglary alarm", LongDescriptionKind.PartitionZoneExpanderOrKeypad), (text.Text, text.LongKind));
    }

    [Fact]
    public async Task Gives_no_answer_to_a_frame_with_a_bad_crc_and_answers_the_next_one()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var frame = new ReadPanelVersion().ToFrame().Encode();
        frame[^3] ^= 0x01; // the CRC's low byte
        await client.SendAsync(frame);
        Assert.IsType<ModuleVersionAnswer>(await client.AskAsync(new ReadModuleVersion()));
        Assert.Null(await client.NextFrameAsync(TimeSpan.FromMilliseconds(200)));
    }
}
