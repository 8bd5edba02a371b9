using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

/// <summary>Answers from PROTOCOL.md §1.4 and §2 decode to the values the sources give.</summary>
public sealed class AnswerVectorTests
{
    [Fact]
    public void Outputs_16_and_128()
    {
        var answer = Parse<StateBitmapAnswer>("FE FE 17 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 80 22 D8 FE 0D");
        Assert.Equal(StateAnswerShape.Outputs, answer.Shape);
        Assert.Equal([16, 128], answer.Objects);
    }

    [Fact]
    public void Outputs_state_from_aaart()
    {
        var answer = Parse<StateBitmapAnswer>("FE FE 17 00 02 0C 00 00 00 00 00 00 00 00 00 00 00 00 80 3D 73 FE 0D");
        Assert.Equal([10, 19, 20, 128], answer.Objects);
    }

    [Fact]
    public void Armed_partitions()
    {
        var answer = Parse<StateBitmapAnswer>("FE FE 0A 01 00 00 00 7D BC FE 0D");
        Assert.Equal(StateAnswerShape.Partitions, answer.Shape);
        Assert.Equal([1], answer.Objects);
        Assert.Empty(Parse<StateBitmapAnswer>("FE FE 09 00 00 00 00 7D B4 FE 0D").Objects);
    }

    [Fact]
    public void Clock_and_status()
    {
        var answer = Parse<ClockAndStatusAnswer>("FE FE 1A 20 17 08 07 23 59 22 00 A3 34 70 FE 0D");
        Assert.Equal(new DateTime(2017, 8, 7, 23, 59, 22), answer.Clock);
        Assert.Equal(0, answer.DayOfWeek); // Monday
        Assert.True(answer.Acu100Present);
        Assert.True(answer.TroublesMemory);
        Assert.False(answer.IntRxPresent);
        Assert.False(answer.ServiceMode);
        Assert.Equal(3, answer.PanelType);
    }

    [Fact]
    public void Panel_version_from_wasilukm()
    {
        var answer = Parse<PanelVersionAnswer>(
            "FE FE 7E 03 31 31 36 32 30 31 36 30 37 31 35 00 00 02 48 FE 0D");
        Assert.Equal(PanelModel.Integra128, answer.Model);
        Assert.Equal("1.16 2016-07-15", answer.Version.ToString());
        Assert.False(answer.SettingsInFlash);
    }

    [Fact]
    public void Panel_and_module_versions_from_c_soft()
    {
        var panel = Parse<PanelVersionAnswer>(Frame("7E 48 31 32 33 32 30 31 32 30 35 32 37 00 FF"));
        Assert.Equal(PanelModel.Integra256Plus, panel.Model);
        Assert.Equal(new FirmwareVersion(1, 23, new DateOnly(2012, 5, 27)), panel.Version);
        Assert.True(panel.SettingsInFlash);

        var module = Parse<ModuleVersionAnswer>(Frame("7C 31 32 33 32 30 31 32 30 35 32 37 07"));
        Assert.Equal("1.23 2012-05-27", module.Version.ToString());
        Assert.True(module.Serves32ByteLists);
        Assert.True(module.ServesTroublesPart8);
    }

    [Fact]
    public void Zone_temperature_from_c_soft()
    {
        var answer = Parse<ZoneTemperatureAnswer>(Frame("7D 01 00 96"));
        Assert.Equal(1, answer.Zone);
        Assert.Equal(20.0m, answer.Celsius);
        Assert.Null(Parse<ZoneTemperatureAnswer>(Frame("7D 01 FF FF")).Celsius);
    }

    [Fact]
    public void New_data_answer_with_FE_in_its_data()
    {
        var answer = Parse<NewDataAnswer>("FE FE 7F FE F0 FB 7F FB FF FF CC FE 0D");
        Assert.True(answer.Changed.Contains(StateCommand.ZonesTamper)); // FE: bit 1
        Assert.False(answer.Changed.Contains(StateCommand.ZonesViolation));
        Assert.False(answer.Changed.Contains(StateCommand.ArmedPartitionsReally)); // FB: bit 2 clear
        Assert.True(answer.Changed.Contains(StateCommand.TroublesMemoryPart5));
        Assert.Equal(5, answer.Changed.Width);
    }

    [Fact]
    public void Device_names_in_cp1250()
    {
        var partition = Parse<DeviceNameAnswer>(
            "FE FE EE 00 01 00 53 74 72 65 66 61 20 20 31 20 20 20 20 20 20 20 5D 20 FE 0D");
        Assert.Equal((DeviceKind.Partition, 1, "Strefa  1"), (partition.Kind, partition.Number, partition.Name));
        Assert.Null(partition.Extra);

        var zone = Parse<DeviceNameAnswer>(
            "FE FE EE 01 01 00 47 41 52 41 AF 20 20 20 20 20 20 20 20 20 20 20 FF B8 FE 0D");
        Assert.Equal("GARAŻ", zone.Name);

        var door = Parse<DeviceNameAnswer>(Frame("EE 01 01 00 44 72 7A 77 69 20 77 65 6A 9C 63 69 6F 77 65 20"));
        Assert.Equal("Drzwi wejściowe", door.Name);
        Assert.Equal(0x9CBD, SatelCrc.Compute(Hex.Bytes("EE 01 01 00 44 72 7A 77 69 20 77 65 6A 9C 63 69 6F 77 65 20")));
    }

    [Fact]
    public void Device_name_with_its_20th_byte()
    {
        var user = Parse<DeviceNameAnswer>(Frame("EE 02 05 00 41 64 61 6D 20 20 20 20 20 20 20 20 20 20 20 20 83"));
        Assert.Equal((DeviceKind.User, 5, "Adam", (byte?)0x83), (user.Kind, user.Number, user.Name, user.Extra));
    }

    [Theory]
    [InlineData("FE FE EF FF 4F A9 FE 0D", ResultCode.CommandAccepted, true)]
    [InlineData("FE FE EF 00 4E AA FE 0D", ResultCode.Ok, true)]
    public void Results(string wire, ResultCode code, bool success)
    {
        var answer = Parse<ResultAnswer>(wire);
        Assert.Equal(code, answer.Code);
        Assert.Equal(success, answer.IsSuccess);
    }

    [Theory]
    [InlineData(0x01, "requesting user code not found", false)]
    [InlineData(0x08, "other error", false)]
    [InlineData(0x11, "can not arm, but can use force arm", false)]
    [InlineData(0x12, "can not arm", false)]
    [InlineData(0x8A, "other error 0x8A", false)]
    public void Result_codes_carry_the_manuals_meaning(int code, string meaning, bool success)
    {
        var answer = Parse<ResultAnswer>(Frame($"EF {code:X2}"));
        Assert.Equal(meaning, answer.Meaning);
        Assert.Equal(success, answer.IsSuccess);
    }

    [Fact]
    public void Event_text()
    {
        var text = new byte[46];
        SatelText.Encode("User access", text);
        var answer = Parse<EventTextAnswer>(Frame("8F 85 A6 03 00 05 " + Hex.Of(text)));
        Assert.Equal((422, true, true, LongDescriptionKind.PartitionKeypadUser, (ushort)5, "User access"),
            (answer.Code, answer.Restore, answer.Long, answer.LongKind, answer.ShortKind, answer.Text));
    }

    [Fact]
    public void Troubles_part_1_system_troubles()
    {
        var data = new byte[47];
        data[0] = 0x01; // technical zone 1
        data[40] = 0x80; // AC trouble
        data[42] = 0x08; // monitoring station 1
        var answer = Parse<TroublesAnswer>(Frame("1B " + Hex.Of(data)));
        Assert.False(answer.IsMemory);
        var part1 = Assert.IsType<TroublesPart1>(answer.Part1);
        Assert.Equal([1], part1.TechnicalZones);
        Assert.Equal(SystemTroubles.AcSupply | SystemTroubles.MonitoringStation1, part1.System);
    }

    [Theory]
    [InlineData("1A 20 17 13 07 23 59 22 00 A3")] // month 13
    [InlineData("1A 20 1A 08 07 23 59 22 00 A3")] // 1A is not BCD
    [InlineData("7C 31 32 33 32 30 31 32 30 35 33 32 07")] // 2012-05-32
    [InlineData("7C 31 32 33 32 30 31 32 30 35 32 41 07")] // not a digit
    [InlineData("8F 85 A6 03 00 05 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20")] // long bit, short text
    [InlineData("0A 01 00 00")] // 3 bytes of partitions
    [InlineData("E0 00")] // users commands are not implemented
    public void Malformed_answers_throw_protocol_errors(string payload) =>
        Assert.Throws<MalformedFrameException>(() => AnswerParser.Default.Parse(ToFrame(payload)));

    private static T Parse<T>(string wire) where T : SatelAnswer
    {
        var frame = Assert.Single(new FrameDecoder().Decode(Hex.Bytes(wire)));
        return Assert.IsType<T>(AnswerParser.Default.Parse(frame));
    }

    private static string Frame(string payload) => Hex.Of(ToFrame(payload).Encode());

    private static SatelFrame ToFrame(string payload)
    {
        var bytes = Hex.Bytes(payload);
        return new SatelFrame(bytes[0], bytes.AsSpan(1));
    }
}
