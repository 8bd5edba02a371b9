using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

public sealed class UserCodeTests
{
    [Theory]
    [InlineData("1234", "12 34 FF FF FF FF FF FF")] // manual 0x80
    [InlineData("971234", "97 12 34 FF FF FF FF FF")] // manual 0x80, prefix 97
    [InlineData("9871234", "98 71 23 4F FF FF FF FF")] // manual 0xE0, prefix 987: odd lengths pack on
    [InlineData("1111", "11 11 FF FF FF FF FF FF")] // wasilukm arm vector
    [InlineData("0", "0F FF FF FF FF FF FF FF")] // go-satel transformCode
    [InlineData("000", "00 0F FF FF FF FF FF FF")]
    [InlineData("98124", "98 12 4F FF FF FF FF FF")]
    [InlineData("0123456789", "01 23 45 67 89 FF FF FF")] // majektom "0123456789fffFFF"
    [InlineData("1234567890123456", "12 34 56 78 90 12 34 56")]
    public void Packs_digits_as_BCD_padded_with_F(string digits, string packed)
    {
        var bytes = new byte[UserCode.Length];
        UserCode.Parse(digits).WriteTo(bytes);
        Assert.Equal(Hex.Bytes(packed), bytes);
        Assert.Equal(digits, UserCode.Read(bytes, 0x80).Digits);
    }

    [Fact]
    public void Prefix_comes_first() =>
        Assert.Equal(UserCode.Parse("971234"), UserCode.WithPrefix("97", "1234"));

    [Theory]
    [InlineData("")]
    [InlineData("12a4")]
    [InlineData("12345678901234567")]
    public void Refuses_what_is_not_1_to_16_digits(string digits) =>
        Assert.Throws<ArgumentException>(() => UserCode.Parse(digits));

    [Theory]
    [InlineData("1A 34 FF FF FF FF FF FF")]
    [InlineData("12 F4 FF FF FF FF FF FF")]
    [InlineData("FF FF FF FF FF FF FF FF")]
    public void Reading_a_packed_code_that_is_not_BCD_throws_a_protocol_error(string packed) =>
        Assert.Throws<MalformedFrameException>(() => UserCode.Read(Hex.Bytes(packed), 0x80));

    [Fact]
    public void Never_shows_the_code() => Assert.DoesNotContain("1234", UserCode.Parse("1234").ToString());
}
