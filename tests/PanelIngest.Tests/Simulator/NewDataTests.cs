using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class NewDataTests
{
    [Fact]
    public async Task The_new_data_poll_flags_what_changed_since_it_was_read()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await client.AskAsync(new ReadState(StateCommand.ZonesViolation));
        await client.AskAsync(new ReadState(StateCommand.ArmedPartitionsReally));

        Assert.False((await PollAsync(client)).Contains(StateCommand.ZonesViolation));
        server.Panel.ViolateZone(2);
        var flags = await PollAsync(client);

        Assert.True(flags.Contains(StateCommand.ZonesViolation));
        Assert.False(flags.Contains(StateCommand.ArmedPartitionsReally));
        await client.AskAsync(new ReadState(StateCommand.ZonesViolation));
        Assert.False((await PollAsync(client)).Contains(StateCommand.ZonesViolation));
    }

    [Fact]
    public async Task Automatic_mode_sends_the_listed_states_at_once_and_again_on_change()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        var listed = StateCommandSet.Of(6, StateCommand.ZonesViolation, StateCommand.ArmedPartitionsReally);
        var none = StateCommandSet.Of(6);

        var accepted = Assert.IsType<ResultAnswer>(await client.AskAsync(new SetAutomaticMode(listed, none)));
        Assert.Equal(ResultCode.CommandAccepted, accepted.Code);
        var initial = new[] { await client.NextFrameAsync(SatelTestClient.AnswerTimeout), await client.NextFrameAsync(SatelTestClient.AnswerTimeout) };
        Assert.Equal([(byte)0x00, (byte)0x0A], initial.Select(f => f!.Command).Order().ToArray());

        server.Panel.ViolateZone(5);

        var pushed = await client.NextFrameAsync(SatelTestClient.AnswerTimeout);
        var zones = Assert.IsType<StateBitmapAnswer>(AnswerParser.Default.Parse(pushed!));
        Assert.Equal(StateCommand.ZonesViolation, zones.State);
        Assert.Equal(ObjectSet.Of(32, 5), zones.Objects);
        // What is pushed is not flagged in the poll answer.
        Assert.False((await PollAsync(client)).Contains(StateCommand.ZonesViolation));
    }

    [Fact]
    public async Task A_module_set_to_push_event_records_sends_each_new_event_unasked()
    {
        await using var server = await Simulators.StartAsync(options: new SimulatorOptions { PushEventRecords = true });
        var truth = Simulators.Record(server.Panel);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
        await client.AskAsync(new ReadModuleVersion());

        server.Panel.AcLoss();

        var frame = await client.NextFrameAsync(SatelTestClient.AnswerTimeout);
        var record = Assert.IsType<EventRecordAnswer>(AnswerParser.Default.Parse(frame!));
        Assert.Equal((301, Assert.Single(truth).Index), (record.Record.Code, record.Previous.ToString()));
    }

    private static async Task<StateCommandSet> PollAsync(SatelTestClient client) =>
        Assert.IsType<NewDataAnswer>(await client.AskAsync(new PollNewData())).Changed;
}
