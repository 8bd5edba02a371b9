using System.Text;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

public sealed class SatelTextTests
{
    [Fact]
    public void Cp1250_works_with_invariant_globalization()
    {
        // Directory.Build.props sets InvariantGlobalization; code pages do not depend on culture data.
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant);
        Assert.Equal(1250, SatelText.Cp1250.CodePage);
        Assert.Equal("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ", SatelText.Cp1250.GetString(Hex.Bytes(
            "B9 E6 EA B3 F1 F3 9C 9F BF 20 A5 C6 CA A3 D1 D3 8C 8F AF")));
    }

    [Fact]
    public void Names_are_space_padded_and_trimmed()
    {
        var field = new byte[16];
        SatelText.Encode("GARAŻ", field);
        Assert.Equal(Hex.Bytes("47 41 52 41 AF 20 20 20 20 20 20 20 20 20 20 20"), field);
        Assert.Equal("GARAŻ", SatelText.Decode(field));
    }

    [Fact]
    public void Another_code_page_can_be_used()
    {
        var latin2 = CodePagesEncodingProvider.Instance.GetEncoding(28592)!; // ISO-8859-2: Ż is AF too, ś is B6
        var field = new byte[16];
        SatelText.Encode("wejście", field, latin2);
        Assert.Equal(0xB6, field[3]);
        Assert.Equal("wejście", new AnswerParser(latin2)
            .Parse(new DeviceNameAnswer(DeviceKind.Zone, 2, 0, "wejście", null).ToFrame(latin2)) is DeviceNameAnswer d
            ? d.Name
            : null);
    }

    [Fact]
    public void Names_longer_than_the_field_are_refused() =>
        Assert.Throws<ArgumentException>(() => SatelText.Encode(new string('x', 17), new byte[16]));
}
