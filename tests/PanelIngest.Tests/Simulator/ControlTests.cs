using Domain.Panels;
using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class ControlTests
{
    private static readonly UserCode User1 = UserCode.Parse("1111");

    [Fact]
    public async Task Arming_with_an_unknown_code_is_refused_as_user_code_not_found()
    {
        await using var server = await Simulators.StartAsync();
        var truth = Simulators.Record(server.Panel);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var result = await ControlAsync(client, PartitionControl.ArmMode0, UserCode.Parse("4321"), 1);

        Assert.Equal(ResultCode.UserCodeNotFound, result);
        Assert.False(server.Panel.IsArmed(1));
        Assert.Empty(truth);
    }

    [Fact]
    public async Task Arming_with_a_violated_zone_is_refused_but_force_arming_works()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.ViolateZone(1); // in partition 1
        var truth = Simulators.Record(server.Panel);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        Assert.Equal(ResultCode.CannotArmButCanForceArm, await ControlAsync(client, PartitionControl.ArmMode0, User1, 1));
        Assert.False(server.Panel.IsArmed(1));
        Assert.Equal(ResultCode.Ok, await ControlAsync(client, PartitionControl.ForceArmMode0, User1, 1));
        Assert.True(server.Panel.IsArmed(1));
        Assert.Equal((1001, PanelEventKind.Arm), (Assert.Single(truth).Code, truth[0].Kind));
    }

    [Fact]
    public async Task A_tampered_zone_or_missing_rights_make_arming_impossible()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.TamperZone(2); // partition 2
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        Assert.Equal(ResultCode.CannotArm, await ControlAsync(client, PartitionControl.ForceArmMode0, User1, 2));
        // User 2 (code 2222) may operate partition 1 only.
        Assert.Equal(ResultCode.CannotArm, await ControlAsync(client, PartitionControl.ArmMode0, UserCode.Parse("2222"), 1, 2));
        Assert.Equal(ResultCode.Ok, await ControlAsync(client, PartitionControl.ArmMode0, UserCode.Parse("2222"), 1));
    }

    [Fact]
    public async Task Arming_shows_in_the_armed_partitions_and_logs_an_arm_by_user()
    {
        await using var server = await Simulators.StartAsync();
        var truth = Simulators.Record(server.Panel);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        Assert.Equal(ResultCode.Ok, await ControlAsync(client, PartitionControl.ArmMode0, User1, 1));

        foreach (var state in new[] { StateCommand.ArmedPartitionsReally, StateCommand.ArmedPartitionsSuppressed })
        {
            var armed = Assert.IsType<StateBitmapAnswer>(await client.AskAsync(new ReadState(state)));
            Assert.Equal([1], armed.Objects);
        }
        var arm = Assert.Single(truth);
        Assert.Equal((401, true, 1, 1, PanelEventKind.Arm), (arm.Code, arm.Restore, arm.Partition, arm.User, arm.Kind));
        var newest = Assert.IsType<EventRecordAnswer>(await client.AskAsync(new ReadEvent(EventLogIndex.Newest)));
        Assert.Equal(arm.Index, newest.Previous.ToString());
    }

    [Fact]
    public async Task An_alarm_in_an_armed_partition_is_cleared_by_disarming()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await ControlAsync(client, PartitionControl.ArmMode0, User1, 1);
        var truth = Simulators.Record(server.Panel);

        server.Panel.ViolateZone(1);
        var alarm = Assert.IsType<StateBitmapAnswer>(await client.AskAsync(new ReadState(StateCommand.PartitionsAlarm)));
        Assert.Equal([1], alarm.Objects);

        Assert.Equal(ResultCode.CommandAccepted, await ControlAsync(client, PartitionControl.Disarm, User1, 1));
        Assert.False(server.Panel.IsArmed(1));
        Assert.False(server.Panel.IsInAlarm(1));
        Assert.Equal([(99, false), (130, false), (401, false), (406, false)], truth.Select(t => (t.Code, t.Restore)));
    }

    [Fact]
    public async Task Bypassing_a_zone_logs_it_and_lets_the_partition_arm()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.ViolateZone(3);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var bypass = await client.AskAsync(new ControlZones(ZoneControl.Bypass, User1, ObjectSet.Of(16, 3)));

        Assert.Equal(ResultCode.CommandAccepted, Assert.IsType<ResultAnswer>(bypass).Code);
        Assert.True(server.Panel.IsBypassed(3));
        Assert.Equal(ResultCode.Ok, await ControlAsync(client, PartitionControl.ArmMode0, User1, 1));
        Assert.Contains(server.Panel.Log, e => e.Record.Code == 570 && !e.Record.Restore && e.Record.Source == 3);
    }

    [Fact]
    public async Task Outputs_switch_on_and_off()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        await client.AskAsync(new ControlOutputs(OutputControl.On, User1, ObjectSet.Of(16, 2)));
        var outputs = Assert.IsType<StateBitmapAnswer>(await client.AskAsync(new ReadState(StateCommand.OutputsState)));
        Assert.Equal([2], outputs.Objects);
        await client.AskAsync(new ControlOutputs(OutputControl.Off, User1, ObjectSet.Of(16, 2)));
        Assert.False(server.Panel.IsOutputOn(2));
    }

    private static async Task<ResultCode> ControlAsync(
        SatelTestClient client, PartitionControl action, UserCode code, params int[] partitions) =>
        Assert.IsType<ResultAnswer>(await client.AskAsync(new ControlPartitions(action, code, ObjectSet.Of(4, partitions)))).Code;
}
