namespace Host.Reports;

/// <summary>RFC 4180 fields: one that holds a quote, a comma or a line break is quoted, with its quotes doubled.</summary>
internal static class CsvField
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\",\r\n");

    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(Special) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
