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
internal static class CanonicalJson
{
    // jsonb nests deeper than System.Text.Json's default of 64, but a deep limit makes every parse slower: retry.
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 4096 };

    private static JsonDocument ParseDocument(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException) { return JsonDocument.Parse(json, Deep); }
    }

    public static byte[] ToUtf8(string json)
    {
        using var doc = ParseDocument(json);
        var sb = new StringBuilder(json.Length);
        Write(doc.RootElement, sb);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Write(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                // Ordinal key order; for a repeated key the last value wins, as in jsonb (a stable sort keeps input order).
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var p in e.EnumerateObject()) members.Add((p.Name, p.Value));
                var sorted = members.Index().OrderBy(m => m.Item.Name, StringComparer.Ordinal).ThenBy(m => m.Index).Select(m => m.Item).ToList();
                sb.Append('{');
                for (var k = 0; k < sorted.Count; k++)
                {
                    if (k + 1 < sorted.Count && sorted[k + 1].Name == sorted[k].Name) continue; // a later one wins
                    if (sb[^1] != '{') sb.Append(',');
                    WriteString(sorted[k].Name, sb);
                    sb.Append(':');
                    Write(sorted[k].Value, sb);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(',');
                    Write(item, sb);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String: WriteString(e.GetString()!, sb); break;
            case JsonValueKind.Number: WriteNumber(e.GetRawText(), sb); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
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
