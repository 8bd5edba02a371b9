using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

/// <summary>Typed requests encode to the wire frames of PROTOCOL.md §1.4 and read back from them.</summary>
public sealed class RequestVectorTests
{
    private static readonly UserCode Code1234 = UserCode.Parse("1234");

    public static TheoryData<SatelRequest, string> Vectors => new()
    {
        { new ReadState(StateCommand.ZonesViolation), "FE FE 00 D7 E2 FE 0D" },
        { new ReadState(StateCommand.ZonesViolation, Extended: true), "FE FE 00 00 50 8A FE 0D" },
        { new ReadState(StateCommand.OutputsState, Extended: true), "FE FE 17 00 50 5C FE 0D" },
        { new ReadState(StateCommand.ArmedPartitionsSuppressed), "FE FE 09 D7 EB FE 0D" },
        { new ReadState(StateCommand.PartitionsAlarm), "FE FE 13 D7 F5 FE 0D" },
        { new ReadState(StateCommand.PartitionsAlarmMemory), "FE FE 15 D7 F7 FE 0D" },
        { new ReadState(StateCommand.ClockAndStatus), "FE FE 1A D7 FC FE 0D" },
        { new ReadState(StateCommand.TroublesPart2), "FE FE 1C D7 FE F0 FE 0D" },
        { new ReadModuleVersion(), "FE FE 7C D8 5E FE 0D" },
        { new ReadPanelVersion(), "FE FE 7E D8 60 FE 0D" },
        { new PollNewData(), "FE FE 7F D8 61 FE 0D" },
        { new PollNewData(1), "FE FE 7F 00 4F 8B FE 0D" },
        { new PollNewData(2), "FE FE 7F 00 00 61 49 FE 0D" },
        {
            new SetAutomaticMode(
                StateCommandSet.Of(6, StateCommand.ArmedPartitionsSuppressed), StateCommandSet.Of(6)),
            "FE FE 7F 00 02 00 00 00 00 00 00 00 00 00 00 A7 A9 FE 0D"
        },
        {
            // c-soft's start of monitoring: 0x00, 0x09–0x0C, 0x0E–0x10, 0x13, 0x14, 0x17, 0x2A.
            new SetAutomaticMode(
                StateCommandSet.Of(
                    6, StateCommand.ZonesViolation, StateCommand.ArmedPartitionsSuppressed,
                    StateCommand.ArmedPartitionsReally, StateCommand.PartitionsArmedInMode2,
                    StateCommand.PartitionsArmedInMode3, StateCommand.PartitionsEntryTime,
                    StateCommand.PartitionsExitTimeOver10s, StateCommand.PartitionsExitTimeUnder10s,
                    StateCommand.PartitionsAlarm, StateCommand.PartitionsFireAlarm, StateCommand.OutputsState,
                    StateCommand.PartitionsArmedInMode1),
                StateCommandSet.Of(6)),
            "FE FE 7F 01 DE 99 00 00 04 00 00 00 00 00 00 F2 8F FE 0D"
        },
        { new ReadEvent(EventLogIndex.Newest), "FE FE 8C FF FF FF 40 43 FE 0D" },
        { new ReadEvent(EventLogIndex.NewestGrade), "FE FE 8C 00 FF FF 3C 3F FE 0D" },
        { new ReadEventText(422, Restore: true, Long: true), "FE FE 8F 85 A6 61 25 FE 0D" },
        { new ReadDeviceName(DeviceKind.Partition, 1), "FE FE EE 00 01 63 0A FE 0D" },
        { new ReadDeviceName(DeviceKind.Zone, 1), "FE FE EE 01 01 63 08 FE 0D" },
        {
            new ControlPartitions(PartitionControl.ArmMode0, UserCode.Parse("1111"), ObjectSet.Of(4, 1)),
            "FE FE 80 11 11 FF FF FF FF FF FF 01 00 00 00 15 40 FE 0D"
        },
        {
            new ControlPartitions(PartitionControl.ArmMode0, Code1234, ObjectSet.Of(4, 1)),
            "FE FE 80 12 34 FF FF FF FF FF FF 01 00 00 00 9D 9E FE 0D"
        },
        {
            new ControlPartitions(PartitionControl.Disarm, Code1234, ObjectSet.Of(4, 1)),
            "FE FE 84 12 34 FF FF FF FF FF FF 01 00 00 00 E0 F1 FE 0D"
        },
        {
            new ControlPartitions(PartitionControl.ClearAlarm, Code1234, ObjectSet.Of(4, 1)),
            "FE FE 85 12 34 FF FF FF FF FF FF 01 00 00 00 F1 41 FE 0D"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encodes_to_the_wire_vector(SatelRequest request, string wire) =>
        Assert.Equal(Hex.Bytes(wire), request.ToFrame().Encode());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reads_back_from_the_wire_vector(SatelRequest request, string wire)
    {
        var frame = Assert.Single(new FrameDecoder(FrameShapes.Request).Decode(Hex.Bytes(wire)));
        Assert.Equal(request, RequestParser.Parse(frame));
    }

    [Fact]
    public void Control_data_follows_the_manuals_layouts()
    {
        Assert.Equal(
            Hex.Bytes("86 12 34 FF FF FF FF FF FF 05 00 00 00 00 00 00 20 00 00 00 00 00 00 80 00"),
            Payload(new ControlZones(ZoneControl.Bypass, Code1234, ObjectSet.Of(16, 1, 3, 62, 120))));
        Assert.Equal(
            Hex.Bytes("8D 12 34 FF FF FF FF FF FF 03 00 00 10 2C 01 01"),
            Payload(new EnterFirstCode(Code1234, ObjectSet.Of(4, 1, 2, 29), 300, FirstCodeAction.ForDisarm)));
        Assert.Equal(
            Hex.Bytes("8E 12 34 FF FF FF FF FF FF").Concat("20260505201824"u8.ToArray()),
            Payload(new SetClock(Code1234, new DateTime(2026, 5, 5, 20, 18, 24))));
        Assert.Equal(
            Hex.Bytes("A3 12 34 FF FF FF FF FF FF 03 00 00 10"),
            Payload(new ControlPartitions(PartitionControl.ForceArmMode3, Code1234, ObjectSet.Of(4, 1, 2, 29))));
    }

    [Fact]
    public void Requests_refuse_lists_of_the_wrong_width()
    {
        Assert.Throws<ArgumentException>(() =>
            new ControlPartitions(PartitionControl.ArmMode0, Code1234, ObjectSet.Of(16, 1)).ToFrame());
        Assert.Throws<ArgumentException>(() =>
            new SetAutomaticMode(StateCommandSet.Of(6), StateCommandSet.Of(7)).ToFrame());
    }

    [Theory]
    [InlineData("E0 12 34 FF FF")] // users commands are not implemented
    [InlineData("80 12 34 FF FF FF FF FF FF 01 00 00")] // one partition byte short
    [InlineData("80 1A 34 FF FF FF FF FF FF 01 00 00 00")] // not BCD
    [InlineData("8D 12 34 FF FF FF FF FF FF 01 00 00 00 00 00 03")] // no such 1st-code action
    [InlineData("8E 12 34 FF FF FF FF FF FF 32 30 32 36 31 33 30 35 32 30 31 38 32 34")] // month 13
    public void Malformed_requests_throw_protocol_errors(string payload)
    {
        var bytes = Hex.Bytes(payload);
        Assert.Throws<MalformedFrameException>(() => RequestParser.Parse(new SatelFrame(bytes[0], bytes.AsSpan(1))));
    }

    private static byte[] Payload(SatelRequest request)
    {
        var frame = request.ToFrame();
        return [frame.Command, .. frame.Data];
    }
}
