using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class EventLogReadingTests
{
    [Fact]
    public async Task Reading_newest_first_walks_back_through_the_generated_events()
    {
        await using var server = await Simulators.StartAsync();
        var truth = Simulators.Record(server.Panel);
        GenerateActivity(server.Panel);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var read = await WalkAsync(client);

        Assert.Equal(truth.Count, read.Count);
        Assert.Equal(truth.Select(t => t.Index).Reverse(), read.Select(r => r.Previous.ToString()));
        Assert.Equal(truth.Select(t => t.RecordHex).Reverse(), read.Select(r => RecordHex(r.Record)));
        var newest = read[0];
        Assert.Equal(EventLogIndex.Newest, newest.Called);
        Assert.Equal(truth[^1].Code, newest.Record.Code);
    }

    [Fact]
    public async Task Records_carry_what_happened_in_the_manual_layout()
    {
        await using var server = await Simulators.StartAsync();
        server.Panel.ViolateZone(3); // zone 3 is in partition 1
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var answer = Assert.IsType<EventRecordAnswer>(await client.AskAsync(new ReadEvent(EventLogIndex.Newest)));
        var facts = EventRecordInterpreter.Interpret(answer, server.Panel.PanelNow, integra256Plus: false)!;
        Assert.Equal((99, false, 1, 3), (facts.EventCode, facts.Restore, facts.Partition, facts.Zone));
        Assert.Equal(Domain.Panels.PanelEventKind.ZoneViolation, facts.Kind);
        Assert.InRange(facts.PanelTime, server.Panel.PanelNow.AddMinutes(-2), server.Panel.PanelNow);
    }

    [Fact]
    public async Task The_log_wraps_keeping_the_newest_records_with_consistent_opaque_indices()
    {
        var definition = PanelDefinition.Standard("wrap", logCapacity: 10);
        await using var server = await Simulators.StartAsync(definition);
        var truth = Simulators.Record(server.Panel);
        for (var i = 0; i < 25; i++)
            _ = i % 2 == 0 ? server.Panel.ViolateZone(1) : server.Panel.RestoreZone(1);
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var read = await WalkAsync(client);

        Assert.Equal(25, truth.Count);
        Assert.Equal(truth.Skip(15).Select(t => t.Index).Reverse(), read.Select(r => r.Previous.ToString()));
        Assert.Equal(truth.Skip(15).Select(t => t.RecordHex).Reverse(), read.Select(r => RecordHex(r.Record)));
        // A slot keeps its index when it is overwritten, and neighbouring indices are not consecutive numbers.
        Assert.Equal(truth[5].Index, truth[15].Index);
        Assert.Equal(10, truth.Take(10).Select(t => t.Index).Distinct().Count());
        Assert.Contains(truth.Zip(truth.Skip(1)), p => Math.Abs(Convert.ToInt32(p.First.Index, 16) - Convert.ToInt32(p.Second.Index, 16)) != 1);
        Assert.Equal(server.Panel.Log.Select(e => e.Index.ToString()), truth.Skip(15).Select(t => t.Index));
    }

    [Fact]
    public async Task An_empty_log_answers_an_empty_record()
    {
        await using var server = await Simulators.StartAsync();
        await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);

        var answer = Assert.IsType<EventRecordAnswer>(await client.AskAsync(new ReadEvent(EventLogIndex.Newest)));
        Assert.False(answer.Record.NotEmpty);
    }

    // Reads 8C FF FF FF, then each returned index, until the end-of-events record (Z = 0).
    private static async Task<List<EventRecordAnswer>> WalkAsync(SatelTestClient client)
    {
        var read = new List<EventRecordAnswer>();
        var index = EventLogIndex.Newest;
        while (read.Count < 10_000)
        {
            var answer = Assert.IsType<EventRecordAnswer>(await client.AskAsync(new ReadEvent(index)));
            if (!answer.Record.NotEmpty)
                return read;
            read.Add(answer);
            index = answer.Previous;
        }
        throw new InvalidOperationException("The log never ended.");
    }

    private static void GenerateActivity(SimulatedPanel panel)
    {
        panel.ViolateZone(1);
        panel.RestoreZone(1);
        Assert.Equal(ResultCode.Ok, panel.Arm(1));
        panel.ViolateZone(3);
        panel.TamperZone(2);
        panel.AcLoss();
        panel.Disarm(1);
        panel.AcRestore();
    }

    private static string RecordHex(EventRecord record)
    {
        var bytes = new byte[EventRecord.Length];
        record.WriteTo(bytes);
        return Convert.ToHexString(bytes);
    }
}
