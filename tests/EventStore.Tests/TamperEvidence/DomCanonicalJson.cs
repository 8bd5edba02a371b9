using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EventStore.Internal;

namespace EventStore.Tests.TamperEvidence;

/// <summary>
/// The first canonicaliser (a JsonDocument per event), kept as the reference that the streaming one in
/// src/EventStore/Internal/CanonicalJson.cs must agree with byte for byte (CanonicalJsonDifferentialTests).
/// </summary>
internal static class DomCanonicalJson
{
    // jsonb nests deeper than System.Text.Json's default of 64, but a deep limit makes every parse slower: retry.
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 4096 };
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static JsonDocument ParseDocument(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException) { return JsonDocument.Parse(json, Deep); }
    }

    /// <summary>The canonical UTF-8 bytes of <paramref name="json"/>.</summary>
    public static byte[] ToUtf8(string json)
    {
        var sink = new ByteSink(json.Length + 16);
        Write(json, sink);
        return sink.Written.ToArray();
    }

    /// <summary>Appends the canonical UTF-8 bytes of <paramref name="json"/> to <paramref name="sink"/>.</summary>
    public static void Write(string json, ByteSink sink)
    {
        using var doc = ParseDocument(json);
        Write(doc.RootElement, sink);
    }

    private static void Write(JsonElement e, ByteSink sink)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object: WriteObject(e, sink); break;
            case JsonValueKind.Array:
                sink.Append((byte)'[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) sink.Append((byte)',');
                    Write(item, sink);
                }
                sink.Append((byte)']');
                break;
            case JsonValueKind.String: WriteString(e.GetString()!, sink); break;
            case JsonValueKind.Number: WriteNumber(e, sink); break;
            case JsonValueKind.True: sink.Append("true"u8); break;
            case JsonValueKind.False: sink.Append("false"u8); break;
            default: sink.Append("null"u8); break;
        }
    }

    private static void WriteObject(JsonElement e, ByteSink sink)
    {
        var count = 0;
        foreach (var _ in e.EnumerateObject()) count++;
        var members = ArrayPool<Member>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var n = 0;
            var ordered = true;
            foreach (var p in e.EnumerateObject())
            {
                members[n] = new Member(p.Name, p.Value, n);
                // Strictly ascending means sorted with no repeated key: the usual case for serialiser output.
                if (n > 0 && string.CompareOrdinal(members[n - 1].Name, members[n].Name) >= 0) ordered = false;
                n++;
            }
            var span = members.AsSpan(0, n);
            // Ordinal key order; for a repeated key the last value wins, as in jsonb (ties keep input order).
            if (!ordered) span.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
            sink.Append((byte)'{');
            var first = true;
            for (var k = 0; k < n; k++)
            {
                if (k + 1 < n && string.Equals(span[k + 1].Name, span[k].Name, StringComparison.Ordinal)) continue; // a later one wins
                if (!first) sink.Append((byte)',');
                first = false;
                WriteString(span[k].Name, sink);
                sink.Append((byte)':');
                Write(span[k].Value, sink);
            }
            sink.Append((byte)'}');
        }
        finally
        {
            Array.Clear(members, 0, count); // drop the references to this document before pooling
            ArrayPool<Member>.Shared.Return(members);
        }
    }

    private readonly record struct Member(string Name, JsonElement Value, int Index);

    private static void WriteString(string s, ByteSink sink)
    {
        sink.Append((byte)'"');
        var rest = s.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAny(NeedsEscape);
            if (at < 0) { sink.AppendUtf8(rest); break; }
            sink.AppendUtf8(rest[..at]);
            switch (rest[at])
            {
                case '"': sink.Append("\\\""u8); break;
                case '\\': sink.Append("\\\\"u8); break;
                default:
                    sink.Append("\\u00"u8);
                    sink.Append((byte)HexDigit(rest[at] >> 4));
                    sink.Append((byte)HexDigit(rest[at] & 0xF));
                    break;
            }
            rest = rest[(at + 1)..];
        }
        sink.Append((byte)'"');

        static char HexDigit(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);
    }

    private static void WriteNumber(JsonElement e, ByteSink sink)
    {
        var raw = JsonMarshal.GetRawUtf8Value(e);
        if (IsCanonicalInteger(raw)) { sink.Append(raw); return; }
        var sb = new StringBuilder(raw.Length + 8);
        WriteNumber(Encoding.UTF8.GetString(raw), sb);
        sink.AppendUtf8(sb.ToString());
    }

    /// <summary>An integer already in canonical spelling: optional minus, no leading zero, not "-0", no fraction or exponent.</summary>
    private static bool IsCanonicalInteger(ReadOnlySpan<byte> raw)
    {
        var digits = raw.Length > 0 && raw[0] == '-' ? raw[1..] : raw;
        if (digits.Length == 0 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        if (digits[0] != '0') return true;
        return digits.Length == 1 && raw.Length == 1; // "0" only; "-0" and "007" take the general path
    }

    /// <summary>An exact decimal rewrite of a JSON number token: digits only, no exponent, no float rounding.</summary>
    private static void WriteNumber(string token, StringBuilder sb)
    {
        var negative = token[0] == '-';
        var body = negative ? token[1..] : token;
        var exponentAt = body.AsSpan().IndexOfAny('e', 'E');
        var exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(body.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..exponentAt];
        }
        var dot = body.IndexOf('.');
        var digits = dot < 0 ? body : string.Concat(body.AsSpan(0, dot), body.AsSpan(dot + 1));
        // The value is digits × 10^(exponent - fractionDigits).
        var scale = exponent - (dot < 0 ? 0 : body.Length - dot - 1);
        digits = digits.TrimStart('0');
        if (digits.Length == 0) { sb.Append('0'); return; }
        var trailing = digits.Length - digits.TrimEnd('0').Length;
        digits = digits[..^trailing];
        scale += trailing;
        if (negative) sb.Append('-');
        if (scale >= 0)
        {
            sb.Append(digits).Append('0', scale);
        }
        else if (-scale < digits.Length)
        {
            sb.Append(digits.AsSpan(0, digits.Length + scale)).Append('.').Append(digits.AsSpan(digits.Length + scale));
        }
        else
        {
            sb.Append("0.").Append('0', -scale - digits.Length).Append(digits);
        }
    }
}
