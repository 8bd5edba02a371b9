using System.Globalization;

namespace PanelIngest.Protocol;

/// <summary>One row of the manual's Appendix 1: an event code with its restore flag, description kind and text.</summary>
public sealed record EventCodeDescription(int Code, bool Restore, LongDescriptionKind LongKind, string Text);

/// <summary>
/// The event list of the manual's Appendix 1 (INTEGRA v1.18, 2018-01-11; 383 rows), keyed by (code, restore).
/// </summary>
/// <remarks>
/// Kept as the CSV extracted from the manual and embedded as a resource, parsed once on first use, rather than
/// generated into C#: the embedded file stays byte-for-byte comparable with shared/satel/event-codes.csv, so a newer
/// manual's table is a file replacement with no generator to keep. Parsing 383 short lines costs microseconds, and a
/// broken file fails the first test that touches the table.
/// </remarks>
public static class EventCodeTable
{
    private const string ResourceName = "PanelIngest.Protocol.event-codes.csv";

    private static readonly Lazy<IReadOnlyDictionary<(int Code, bool Restore), EventCodeDescription>> Rows =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every row, in code order.</summary>
    public static IEnumerable<EventCodeDescription> All => Rows.Value.Values.OrderBy(r => r.Code).ThenBy(r => r.Restore);

    /// <summary>The row for exactly (<paramref name="code"/>, <paramref name="restore"/>), if the manual lists it.</summary>
    public static EventCodeDescription? Find(int code, bool restore) => Rows.Value.GetValueOrDefault((code, restore));

    /// <summary>
    /// The row for (<paramref name="code"/>, <paramref name="restore"/>), or else the code's row with the other
    /// restore flag (some codes are listed only one way, e.g. 408 "Quick arm" only as a restore).
    /// </summary>
    public static EventCodeDescription? FindNearest(int code, bool restore) => Find(code, restore) ?? Find(code, !restore);

    private static IReadOnlyDictionary<(int, bool), EventCodeDescription> Load()
    {
        using var stream = typeof(EventCodeTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<(int, bool), EventCodeDescription>();
        reader.ReadLine(); // header: code,restore,long_desc_kind,text
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            var row = ParseRow(line);
            rows.Add((row.Code, row.Restore), row);
        }
        return rows;
    }

    private static EventCodeDescription ParseRow(string line)
    {
        var parts = line.Split(',', 4);
        if (parts.Length != 4)
            throw new FormatException($"event-codes.csv: '{line}' does not have 4 columns.");
        return new EventCodeDescription(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts[1] == "1",
            (LongDescriptionKind)byte.Parse(parts[2], CultureInfo.InvariantCulture),
            Unquote(parts[3]));
    }

    // The text is the last column, so only CSV quoting ("…" with "" for a quote) needs undoing.
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : text;
}
