using System.Text;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Encryption;

public sealed class IntegrationKeyTests
{
    [Theory]
    [InlineData("some_key", "some_key    some_key    ")]
    [InlineData("short_key", "short_key   short_key   ")]
    [InlineData("", "                        ")]
    [InlineData("too_long_key1234", "too_long_keytoo_long_key")]
    [InlineData("abcdefgh", "abcdefgh    abcdefgh    ")]
    public void Pads_or_cuts_to_12_and_repeats(string key, string expected) =>
        Assert.Equal(Encoding.ASCII.GetBytes(expected), IntegrationKey.Derive(key));

    [Fact]
    public void Refuses_non_ASCII_keys() => Assert.Throws<ArgumentException>(() => IntegrationKey.Derive("klucz_ż"));
}
