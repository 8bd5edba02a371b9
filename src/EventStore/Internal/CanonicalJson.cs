using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventStore.Internal;

/// <summary>
/// The canonical form of a JSON document that the hash chain covers. It depends only on the document's value, not
/// on its spelling, so the appender (hashing the JSON it serialised) and an auditor (hashing what <c>jsonb</c> gives
/// back, with PostgreSQL's key order, spacing and number spelling) get the same bytes. Rules: no whitespace; object
/// members sorted by ordinal UTF-16 key order, a repeated key keeping its last value (as <c>jsonb</c> does); strings
/// escaped only where JSON requires (<c>"</c>, <c>\</c>, control characters as <c>\u00xx</c>); numbers as exact
/// decimals without exponent, leading or trailing zeros (<c>1.50</c>, <c>1.5E0</c> and <c>15e-1</c> all give
/// <c>1.5</c>; <c>-0</c> gives <c>0</c>); <c>true</c>, <c>false</c>, <c>null</c>.
/// </summary>
/// <remarks>
/// Every append runs this once per event, so it writes UTF-8 straight into a reusable buffer and takes fast paths
/// for the common spellings (members already in order, strings without escapes, plain integers). A shipped rule never
/// changes: stored chains were computed with it (the golden vectors in the tests pin the bytes).
/// </remarks>
internal static class CanonicalJson
{
    // jsonb nests far deeper than System.Text.Json's default of 64; the reader's depth costs nothing until it is used.
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 4096 };
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>The canonical UTF-8 bytes of <paramref name="json"/>.</summary>
    public static byte[] ToUtf8(string json)
    {
        var sink = new ByteSink(json.Length + 16);
        Write(json, sink);
        return sink.Written.ToArray();
    }

    /// <summary>Appends the canonical UTF-8 bytes of <paramref name="json"/> to <paramref name="sink"/>.</summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not one JSON document.</exception>
    public static void Write(string json, ByteSink sink)
    {
        // One pass of a forward-only reader over the UTF-8 bytes, written straight to the sink; an object whose
        // members are out of order is put in order afterwards, in place. A document model per event cost about four
        // times as much (docs/benchmarks.md, append phases).
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[512] : rented;
        try
        {
            var length = Encoding.UTF8.GetBytes(json, utf8);
            var reader = new Utf8JsonReader(utf8[..length], Options);
            if (!reader.Read()) throw new JsonException("The JSON document is empty.");
            WriteValue(ref reader, sink);
            if (reader.Read()) throw new JsonException("The JSON text holds more than one document.");
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteValue(ref Utf8JsonReader reader, ByteSink sink)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: WriteObject(ref reader, sink); break;
            case JsonTokenType.StartArray:
                sink.Append((byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) sink.Append((byte)',');
                    first = false;
                    WriteValue(ref reader, sink);
                }
                sink.Append((byte)']');
                break;
            case JsonTokenType.String: WriteStringToken(ref reader, sink); break;
            case JsonTokenType.Number: WriteNumber(reader.ValueSpan, sink); break;
            case JsonTokenType.True: sink.Append("true"u8); break;
            case JsonTokenType.False: sink.Append("false"u8); break;
            default: sink.Append("null"u8); break;
        }
    }

    /// <summary>
    /// Writes the members as they come, remembering where each one's bytes went; if they were not in strictly
    /// ascending key order, rewrites them sorted (ordinal UTF-16 key order; of a repeated key the last value wins, as
    /// in jsonb). Nested objects are already canonical when their parent is sorted, so moving their bytes is enough.
    /// </summary>
    private static void WriteObject(ref Utf8JsonReader reader, ByteSink sink)
    {
        sink.Append((byte)'{');
        var bodyStart = sink.Length;
        var members = ArrayPool<Member>.Shared.Rent(8);
        var n = 0;
        var ordered = true;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                if (n > 0) sink.Append((byte)',');
                var from = sink.Length;
                if (reader.ValueIsEscaped) WriteString(name, sink);
                else WriteRawString(reader.ValueSpan, sink);
                sink.Append((byte)':');
                reader.Read();
                WriteValue(ref reader, sink);
                if (n == members.Length)
                {
                    var larger = ArrayPool<Member>.Shared.Rent(n * 2);
                    members.AsSpan(0, n).CopyTo(larger);
                    Array.Clear(members, 0, n);
                    ArrayPool<Member>.Shared.Return(members);
                    members = larger;
                }
                // Strictly ascending means sorted with no repeated key: the usual case for serialiser output.
                if (n > 0 && string.CompareOrdinal(members[n - 1].Name, name) >= 0) ordered = false;
                members[n] = new Member(name, from, sink.Length, n);
                n++;
            }
            if (!ordered) Reorder(members.AsSpan(0, n), sink, bodyStart);
            sink.Append((byte)'}');
        }
        finally
        {
            Array.Clear(members, 0, n); // drop the names before pooling
            ArrayPool<Member>.Shared.Return(members);
        }
    }

    private static void Reorder(Span<Member> members, ByteSink sink, int bodyStart)
    {
        var body = sink.Written[bodyStart..];
        var copy = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            body.CopyTo(copy);
            // Ties keep input order, so of a repeated key the last one comes last and is the one kept.
            members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
            sink.Truncate(bodyStart);
            var first = true;
            for (var k = 0; k < members.Length; k++)
            {
                if (k + 1 < members.Length && string.Equals(members[k + 1].Name, members[k].Name, StringComparison.Ordinal)) continue; // a later one wins
                if (!first) sink.Append((byte)',');
                first = false;
                sink.Append(copy.AsSpan(members[k].From - bodyStart, members[k].To - members[k].From));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>A member's key and where its <c>"key":value</c> bytes are in the sink.</summary>
    private readonly record struct Member(string Name, int From, int To, int Index);

    private static void WriteStringToken(ref Utf8JsonReader reader, ByteSink sink)
    {
        if (reader.ValueIsEscaped) WriteString(reader.GetString()!, sink);
        else WriteRawString(reader.ValueSpan, sink);
    }

    /// <summary>
    /// A string token without escapes is already canonical: it cannot hold a quote, a backslash or a control
    /// character (JSON requires those escaped), and its bytes are the UTF-8 of its value.
    /// </summary>
    private static void WriteRawString(ReadOnlySpan<byte> raw, ByteSink sink)
    {
        sink.Append((byte)'"');
        sink.Append(raw);
        sink.Append((byte)'"');
    }

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

    private static void WriteNumber(ReadOnlySpan<byte> raw, ByteSink sink)
    {
        if (IsCanonical(raw)) { sink.Append(raw); return; }
        var sb = new StringBuilder(raw.Length + 8);
        WriteNumber(Encoding.UTF8.GetString(raw), sb);
        sink.AppendUtf8(sb.ToString());
    }

    /// <summary>
    /// A number token already in canonical spelling: optional minus, an integer part without leading zeros, an
    /// optional fraction whose last digit is not 0, no exponent; not "-0". The general path gives these unchanged.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<byte> raw)
    {
        var digits = raw.Length > 0 && raw[0] == '-' ? raw[1..] : raw;
        var dot = digits.IndexOf((byte)'.');
        var integer = dot < 0 ? digits : digits[..dot];
        if (integer.Length == 0 || integer.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        if (integer.Length > 1 && integer[0] == '0') return false;
        if (dot < 0) return integer[0] != '0' || raw.Length == 1; // "0" yes, "-0" no
        var fraction = digits[(dot + 1)..];
        return fraction.Length > 0 && fraction.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && fraction[^1] != '0';
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

/// <summary>A growable byte buffer for building hash input without intermediate arrays.</summary>
internal sealed class ByteSink(int capacity)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 64)];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);
    public int Length => _length;

    public void Clear() => _length = 0;

    /// <summary>Forgets everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => _length = length;

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void AppendUtf8(ReadOnlySpan<char> chars)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(chars.Length));
        _length += Encoding.UTF8.GetBytes(chars, _buffer.AsSpan(_length));
    }

    /// <summary>Overwrites four bytes at <paramref name="at"/> (a length prefix written before its value was known).</summary>
    public void PatchInt32BigEndian(int at, int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at, 4), value);

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
