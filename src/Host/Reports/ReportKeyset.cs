using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Host.Reports;

/// <summary>
/// Keyset paging for a row report: the report's order as SQL expressions (the last one unique, so the order is
/// total), selected again after the visible columns so the writer can read the last row's key. A page that has more
/// carries <c>"next"</c>, an opaque cursor; <c>after=&lt;next&gt;</c> continues right after that row with an index
/// range condition, so page 500 costs what page 1 costs (<c>page=</c> re-reads every skipped row).
/// </summary>
internal sealed record ReportKeyset(params (string Sql, NpgsqlDbType Type)[] Keys)
{
    /// <summary>The key expressions, to append to the select list after the report's visible columns.</summary>
    public string Select => string.Join(", ", Keys.Select(k => k.Sql));

    /// <summary>Adds <c>(k1, k2, …) &gt; ($a, $b, …)</c> for the request's cursor, if it has one.</summary>
    public void Apply(ReportQuery q, ReportRequest request)
    {
        if (After(request) is not { } values) return;
        var placeholders = Keys.Select((k, i) => q.Param(values[i], k.Type));
        q.And($"({Select}) > ({string.Join(", ", placeholders)})");
    }

    /// <summary>The request's cursor as key values (typed like <see cref="Keys"/>), or null without one.</summary>
    /// <exception cref="ArgumentException">The cursor is not one of this report's.</exception>
    public object[]? After(ReportRequest request)
    {
        if (request.Paging?.After is not { } after) return null;
        var values = Decode(after);
        return Keys.Select((k, i) => Parse(values[i], k.Type)).ToArray();
    }

    /// <summary>The cursor for the current row, whose key columns start at <paramref name="first"/>.</summary>
    public string Cursor(NpgsqlDataReader row, int first)
    {
        var values = Keys.Select((k, i) => k.Type switch
        {
            NpgsqlDbType.TimestampTz => row.GetFieldValue<DateTime>(first + i).Ticks.ToString(CultureInfo.InvariantCulture),
            NpgsqlDbType.Date => row.GetFieldValue<DateOnly>(first + i).DayNumber.ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(row.GetValue(first + i), CultureInfo.InvariantCulture) ?? "",
        }).ToArray();
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(values)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private string[] Decode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var values = JsonSerializer.Deserialize<string[]>(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            if (values?.Length == Keys.Length) return values;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        throw new ArgumentException("after is not a cursor of this report (take it from a page's \"next\").");
    }

    private static object Parse(string value, NpgsqlDbType type)
    {
        try
        {
            return type switch
            {
                NpgsqlDbType.TimestampTz => new DateTime(long.Parse(value, CultureInfo.InvariantCulture), DateTimeKind.Utc),
                NpgsqlDbType.Date => DateOnly.FromDayNumber(int.Parse(value, CultureInfo.InvariantCulture)),
                NpgsqlDbType.Uuid => Guid.Parse(value),
                _ => value,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException("after is not a cursor of this report (take it from a page's \"next\").", e);
        }
    }
}
