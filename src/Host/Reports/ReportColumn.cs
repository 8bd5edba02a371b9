using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Host.Reports;

/// <summary>How a report column's value is read and written.</summary>
internal enum ColumnKind
{
    Text,
    Int,
    Long,
    Real,
    Bool,

    /// <summary>timestamptz, written as ISO 8601 in UTC ("…Z").</summary>
    Timestamp,

    /// <summary>A panel's clock (timestamp without time zone), written as ISO 8601 without an offset.</summary>
    PanelTime,

    Date,
    IntArray,
}

/// <summary>
/// A column of a report: its name (the JSON property and the CSV header) and kind. The SQL selects the columns in
/// this order, so writers read by ordinal and never hold more than the current row.
/// </summary>
internal sealed record ReportColumn(string Name, ColumnKind Kind)
{
    private const string PanelTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public void WriteJson(Utf8JsonWriter json, NpgsqlDataReader row, int i)
    {
        json.WritePropertyName(Name);
        if (row.IsDBNull(i))
        {
            json.WriteNullValue();
            return;
        }
        switch (Kind)
        {
            case ColumnKind.Int: json.WriteNumberValue(row.GetInt32(i)); break;
            case ColumnKind.Long: json.WriteNumberValue(row.GetInt64(i)); break;
            case ColumnKind.Real: json.WriteNumberValue(row.GetDouble(i)); break;
            case ColumnKind.Bool: json.WriteBooleanValue(row.GetBoolean(i)); break;
            case ColumnKind.IntArray:
                json.WriteStartArray();
                foreach (var n in row.GetFieldValue<int[]>(i)) json.WriteNumberValue(n);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Format(row, i)); break;
        }
    }

    /// <summary>The value as CSV text (unescaped; null is an empty field). Numbers and times are culture-invariant.</summary>
    public string ToCsv(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? "" : Kind switch
    {
        ColumnKind.Bool => row.GetBoolean(i) ? "true" : "false",
        // ';' keeps a list inside one field without quoting: "1;2".
        ColumnKind.IntArray => string.Join(';', row.GetFieldValue<int[]>(i)),
        _ => Format(row, i),
    };

    private string Format(NpgsqlDataReader row, int i) => Kind switch
    {
        ColumnKind.Int => row.GetInt32(i).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Long => row.GetInt64(i).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Real => row.GetDouble(i).ToString("R", CultureInfo.InvariantCulture),
        ColumnKind.Timestamp => DateTime.SpecifyKind(row.GetFieldValue<DateTime>(i), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        ColumnKind.PanelTime => row.GetFieldValue<DateTime>(i).ToString(PanelTimeFormat, CultureInfo.InvariantCulture),
        ColumnKind.Date => row.GetFieldValue<DateOnly>(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => row.GetString(i),
    };
}
