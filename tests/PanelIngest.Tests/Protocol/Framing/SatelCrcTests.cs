using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Framing;

public sealed class SatelCrcTests
{
    [Fact]
    public void Appendix_4_trace_gives_every_intermediate_value()
    {
        // Manual Appendix 4 ("read information about user with 1234 code"), also majektom crc.test.js.
        ushort crc = 0x147A;
        var expected = new ushort[] { 0xD8C2, 0x4EDA, 0x62E1, 0x3B76, 0x8A9B };
        var data = Hex.Bytes("E0 12 34 FF FF");
        for (var i = 0; i < data.Length; i++)
        {
            crc = SatelCrc.Step(crc, data[i]);
            Assert.Equal(expected[i], crc);
        }
    }

    [Theory]
    [InlineData("09", 0xD7EB)]
    [InlineData("1C", 0xD7FE)]
    [InlineData("09 FE", 0x5176)]
    [InlineData("E0 12 34 FF FF", 0x8A9B)]
    [InlineData("1C D7 09", 0x5E13)]
    [InlineData("17 00 02 0C 00 00 00 00 00 00 00 00 00 00 00 00 80", 0x3D73)]
    [InlineData("7E", 0xD860)]
    [InlineData("7E 03 31 31 36 32 30 31 36 30 37 31 35 00 00", 0x0248)]
    [InlineData("1A", 0xD7FC)]
    [InlineData("1A 20 17 08 07 23 59 22 00 A3", 0x3470)]
    [InlineData("EE 00 01", 0x630A)]
    [InlineData("EE 01 01", 0x6308)]
    [InlineData("7F 00 02 00 00 00 00 00 00 00 00 00 00", 0xA7A9)]
    [InlineData("EF FF", 0x4FA9)]
    [InlineData("EF 00", 0x4EAA)]
    [InlineData("EF 01", 0x4EAB)]
    [InlineData("EF 08", 0x4EB2)]
    [InlineData("EF 11", 0x4EBB)]
    [InlineData("EF 12", 0x4EBC)]
    [InlineData("09 01 00 00 00", 0x7DAC)]
    [InlineData("09 00 00 00 00", 0x7DB4)]
    [InlineData("0A 01 00 00 00", 0x7DBC)]
    [InlineData("17 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 80", 0x22D8)]
    [InlineData("80 11 11 FF FF FF FF FF FF 01 00 00 00", 0x1540)]
    [InlineData("7F", 0xD861)]
    [InlineData("7F FE FB 7F FB FF", 0xFFCC)]
    [InlineData("8C BF C5 54 C2 87 FB 03 01 03 58 96 03 50 96", 0x39C0)]
    [InlineData("8C 7F 98 83 13 5D A6 0A 02 06 68 DE FF FF FF", 0x58BB)]
    public void Crc_matches_the_published_vectors(string payload, int crc) =>
        Assert.Equal((ushort)crc, SatelCrc.Compute(Hex.Bytes(payload)));

    [Fact]
    public void Command_and_data_overload_equals_the_crc_of_the_joined_bytes()
    {
        var payload = Hex.Bytes("80 12 34 FF FF FF FF FF FF 01 00 00 00");
        Assert.Equal(SatelCrc.Compute(payload), SatelCrc.Compute(payload[0], payload.AsSpan(1)));
    }
}
