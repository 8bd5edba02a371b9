using System.Globalization;
using System.Text;
using System.Text.Json;
using EventStore.Internal;

namespace EventStore.Tests.TamperEvidence;

/// <summary>
/// The streaming canonicaliser against the document-model one it replaced: stored chains were hashed with the old
/// one, so on every document both must give the same bytes. Random documents (seeded, so a failure repeats) mix
/// what serialisers and jsonb write with what they do not: keys out of order and repeated, escapes, non-ASCII and
/// surrogate pairs, numbers with exponents, leading and trailing zeros, whitespace, deep nesting.
/// </summary>
public sealed class CanonicalJsonDifferentialTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_streaming_canonicaliser_gives_the_bytes_of_the_document_model_one(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var json = new StringBuilder();
            Value(random, json, depth: 0);
            var text = json.ToString();
            Assert.True(DomCanonicalJson.ToUtf8(text).AsSpan().SequenceEqual(CanonicalJson.ToUtf8(text)), $"seed {seed}, document {i}: {text}");
        }
    }

    [Fact]
    public void Serialiser_output_and_its_jsonb_spelling_give_the_same_bytes()
    {
        // What an append hashes (the serialiser's spelling) and what an auditor hashes (jsonb's) for one value.
        var serialised = JsonSerializer.Serialize(new { zone = "Hall – \"main\"", seq = 12, value = 0.25, big = 1e21, tags = new[] { "a", "ä" } });
        const string jsonb = """{"big": 1000000000000000000000, "seq": 12, "tags": ["a", "ä"], "zone": "Hall – \"main\"", "value": 0.25}""";
        Assert.Equal(Encoding.UTF8.GetString(CanonicalJson.ToUtf8(serialised)), Encoding.UTF8.GetString(CanonicalJson.ToUtf8(jsonb)));
        Assert.Equal(DomCanonicalJson.ToUtf8(serialised), CanonicalJson.ToUtf8(serialised));
    }

    [Fact]
    public void A_document_nested_deeper_than_the_serialisers_default_is_canonicalised()
    {
        var json = string.Concat(Enumerable.Repeat("""{"b":1,"a":[""", 300)) + "0" + string.Concat(Enumerable.Repeat("]}", 300));
        Assert.Equal(DomCanonicalJson.ToUtf8(json), CanonicalJson.ToUtf8(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("[1,]")]
    [InlineData("{'a':1}")]
    public void Text_that_is_not_one_json_document_is_refused(string text) =>
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.ToUtf8(text));

    private static readonly string[] Keys = ["a", "b", "B", "aa", "é", "", "z", "\u00e9", "😀", "\uffff", "key", "k\u0001", "a\"b", "Ą"];

    private static void Value(Random random, StringBuilder json, int depth)
    {
        var kind = random.Next(depth > 5 ? 4 : 7);
        switch (kind)
        {
            case 0: Number(random, json); break;
            case 1: String(random, json); break;
            case 2: json.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" }); break;
            case 3: Number(random, json); break;
            case 4 or 5:
                json.Append('{');
                var members = random.Next(6);
                for (var i = 0; i < members; i++)
                {
                    if (i > 0) json.Append(',');
                    Space(random, json);
                    Escaped(random, json, Keys[random.Next(Keys.Length)]);
                    Space(random, json);
                    json.Append(':');
                    Space(random, json);
                    Value(random, json, depth + 1);
                }
                json.Append('}');
                break;
            default:
                json.Append('[');
                var items = random.Next(5);
                for (var i = 0; i < items; i++)
                {
                    if (i > 0) json.Append(", ");
                    Value(random, json, depth + 1);
                }
                json.Append(']');
                break;
        }
    }

    private static void Number(Random random, StringBuilder json)
    {
        if (random.Next(2) == 0) json.Append('-');
        var integer = random.Next(4) switch { 0 => "0", 1 => random.Next(1, 10).ToString(CultureInfo.InvariantCulture), 2 => "12345678901234567890", _ => random.Next(10, 100000).ToString(CultureInfo.InvariantCulture) };
        json.Append(integer);
        if (random.Next(2) == 0) json.Append('.').Append(random.Next(3) switch { 0 => "5", 1 => "250", _ => "000" + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture) });
        if (random.Next(4) == 0) json.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "+", 1 => "-", _ => "" }).Append(random.Next(0, 25));
    }

    private static void String(Random random, StringBuilder json)
    {
        var text = new StringBuilder();
        var length = random.Next(8);
        for (var i = 0; i < length; i++)
            text.Append(random.Next(8) switch
            {
                0 => "\"", 1 => "\\", 2 => "\n", 3 => "\u0001", 4 => "é", 5 => "😀", 6 => "/", _ => "plain",
            });
        Escaped(random, json, text.ToString());
    }

    /// <summary>A JSON string literal for <paramref name="value"/>, escaped in one of several legal spellings.</summary>
    private static void Escaped(Random random, StringBuilder json, string value)
    {
        var style = random.Next(3);
        json.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < 0x20) json.Append(random.Next(2) == 0 ? $"\\u{(int)c:x4}" : c == '\n' ? "\\n" : $"\\u{(int)c:X4}");
            else if (style == 1 && c > 0x7f) json.Append($"\\u{(int)c:x4}"); // what System.Text.Json's default encoder does
            else if (style == 2 && c == '/') json.Append("\\/");
            else json.Append(c);
        }
        json.Append('"');
    }

    private static void Space(Random random, StringBuilder json)
    {
        if (random.Next(3) == 0) json.Append(random.Next(2) == 0 ? " " : "\n\t ");
    }
}
