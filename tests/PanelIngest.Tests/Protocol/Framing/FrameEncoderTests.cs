using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Framing;

public sealed class FrameEncoderTests
{
    public static TheoryData<string, string> WireFrames => new()
    {
        // PROTOCOL.md §1.4, sources and [V] vectors.
        { "09", "FE FE 09 D7 EB FE 0D" },
        { "1C", "FE FE 1C D7 FE F0 FE 0D" },
        { "09 FE", "FE FE 09 FE F0 51 76 FE 0D" },
        { "E0 12 34 FF FF", "FE FE E0 12 34 FF FF 8A 9B FE 0D" },
        { "17 00 02 0C 00 00 00 00 00 00 00 00 00 00 00 00 80", "FE FE 17 00 02 0C 00 00 00 00 00 00 00 00 00 00 00 00 80 3D 73 FE 0D" },
        { "7E", "FE FE 7E D8 60 FE 0D" },
        { "7E 03 31 31 36 32 30 31 36 30 37 31 35 00 00", "FE FE 7E 03 31 31 36 32 30 31 36 30 37 31 35 00 00 02 48 FE 0D" },
        { "1A", "FE FE 1A D7 FC FE 0D" },
        { "1A 20 17 08 07 23 59 22 00 A3", "FE FE 1A 20 17 08 07 23 59 22 00 A3 34 70 FE 0D" },
        { "EE 00 01", "FE FE EE 00 01 63 0A FE 0D" },
        { "EE 00 01 00 53 74 72 65 66 61 20 20 31 20 20 20 20 20 20 20", "FE FE EE 00 01 00 53 74 72 65 66 61 20 20 31 20 20 20 20 20 20 20 5D 20 FE 0D" },
        { "EE 01 01", "FE FE EE 01 01 63 08 FE 0D" },
        { "EE 01 01 00 47 41 52 41 AF 20 20 20 20 20 20 20 20 20 20 20", "FE FE EE 01 01 00 47 41 52 41 AF 20 20 20 20 20 20 20 20 20 20 20 FF B8 FE 0D" },
        { "7F 00 02 00 00 00 00 00 00 00 00 00 00", "FE FE 7F 00 02 00 00 00 00 00 00 00 00 00 00 A7 A9 FE 0D" },
        { "EF FF", "FE FE EF FF 4F A9 FE 0D" },
        { "EF 00", "FE FE EF 00 4E AA FE 0D" },
        { "09 01 00 00 00", "FE FE 09 01 00 00 00 7D AC FE 0D" },
        { "0A 01 00 00 00", "FE FE 0A 01 00 00 00 7D BC FE 0D" },
        { "17 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 80", "FE FE 17 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 80 22 D8 FE 0D" },
        { "80 11 11 FF FF FF FF FF FF 01 00 00 00", "FE FE 80 11 11 FF FF FF FF FF FF 01 00 00 00 15 40 FE 0D" },
        { "7F", "FE FE 7F D8 61 FE 0D" },
        { "7F FE FB 7F FB FF", "FE FE 7F FE F0 FB 7F FB FF FF CC FE 0D" },
        { "8C BF C5 54 C2 87 FB 03 01 03 58 96 03 50 96", "FE FE 8C BF C5 54 C2 87 FB 03 01 03 58 96 03 50 96 39 C0 FE 0D" },
        { "8C 7F 98 83 13 5D A6 0A 02 06 68 DE FF FF FF", "FE FE 8C 7F 98 83 13 5D A6 0A 02 06 68 DE FF FF FF 58 BB FE 0D" },
        { "00", "FE FE 00 D7 E2 FE 0D" },
        { "00 00", "FE FE 00 00 50 8A FE 0D" },
        { "17 00", "FE FE 17 00 50 5C FE 0D" },
        { "13", "FE FE 13 D7 F5 FE 0D" },
        { "15", "FE FE 15 D7 F7 FE 0D" },
        { "7C", "FE FE 7C D8 5E FE 0D" },
        { "7F 00", "FE FE 7F 00 4F 8B FE 0D" },
        { "7F 00 00", "FE FE 7F 00 00 61 49 FE 0D" },
        { "8C FF FF FF", "FE FE 8C FF FF FF 40 43 FE 0D" },
        { "8C 00 FF FF", "FE FE 8C 00 FF FF 3C 3F FE 0D" },
        { "8F 85 A6", "FE FE 8F 85 A6 61 25 FE 0D" },
        { "80 12 34 FF FF FF FF FF FF 01 00 00 00", "FE FE 80 12 34 FF FF FF FF FF FF 01 00 00 00 9D 9E FE 0D" },
        { "84 12 34 FF FF FF FF FF FF 01 00 00 00", "FE FE 84 12 34 FF FF FF FF FF FF 01 00 00 00 E0 F1 FE 0D" },
        { "85 12 34 FF FF FF FF FF FF 01 00 00 00", "FE FE 85 12 34 FF FF FF FF FF FF 01 00 00 00 F1 41 FE 0D" },
        { "7F 01 DE 99 00 00 04 00 00 00 00 00 00", "FE FE 7F 01 DE 99 00 00 04 00 00 00 00 00 00 F2 8F FE 0D" },
    };

    [Theory]
    [MemberData(nameof(WireFrames))]
    public void Encodes_the_published_wire_frames(string payload, string wire)
    {
        var bytes = Hex.Bytes(payload);
        Assert.Equal(Hex.Bytes(wire), FrameEncoder.Encode(bytes[0], bytes.AsSpan(1)));
    }

    [Theory]
    [MemberData(nameof(WireFrames))]
    public void Decodes_the_published_wire_frames(string payload, string wire)
    {
        var bytes = Hex.Bytes(payload);
        var decoder = new FrameDecoder(FrameShapes.Any);
        Assert.Equal([new SatelFrame(bytes[0], bytes.AsSpan(1))], decoder.Decode(Hex.Bytes(wire)));
    }

    [Fact]
    public void Crc_bytes_are_stuffed_too()
    {
        // Frame 1C has CRC D7FE: a client that stuffs only the data sends FE FE 1C D7 FE FE 0D (AmeAdam's bug).
        Assert.Equal(Hex.Bytes("FE FE 1C D7 FE F0 FE 0D"), FrameEncoder.Encode(0x1C, []));
    }

    [Fact]
    public void FE_is_never_a_command()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameEncoder.Encode(0xFE, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SatelFrame(0xFE, []));
    }
}
