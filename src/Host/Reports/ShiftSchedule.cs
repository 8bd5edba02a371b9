using System.Globalization;

namespace Host.Reports;

/// <summary>
/// The station's shifts, in UTC, for the response-time report: each starts at one of <see cref="Starts"/> and lasts
/// until the next (the last one wraps past midnight). Configured as <c>Reports:ShiftStarts</c>, e.g.
/// "06:00,14:00,22:00" (the default). A shift's day is the day it started, so 02:00 belongs to the previous day's
/// 22:00–06:00 shift.
/// </summary>
internal sealed record ShiftSchedule(IReadOnlyList<TimeOnly> Starts)
{
    public static ShiftSchedule Default { get; } = new([new(6, 0), new(14, 0), new(22, 0)]);

    /// <summary>Minutes after midnight of each start, ascending: the SQL finds a moment's shift from these.</summary>
    public int[] StartMinutes => [.. Starts.Select(s => s.Hour * 60 + s.Minute)];

    /// <summary>"06:00-14:00" and so on, in the order of <see cref="StartMinutes"/>.</summary>
    public string[] Names => [.. Starts.Select((s, i) => $"{s:HH\\:mm}-{Starts[(i + 1) % Starts.Count]:HH\\:mm}")];

    /// <summary>Reads and validates the configuration at start-up: a bad schedule stops the Host rather than a report.</summary>
    public static ShiftSchedule From(IConfiguration configuration)
    {
        var text = configuration["Reports:ShiftStarts"];
        if (string.IsNullOrWhiteSpace(text)) return Default;
        var starts = new List<TimeOnly>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeOnly.TryParseExact(part, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                throw new InvalidOperationException($"Reports:ShiftStarts: '{part}' is not a time of day HH:mm.");
            starts.Add(start);
        }
        if (starts.Count == 0 || starts.Distinct().Count() != starts.Count)
            throw new InvalidOperationException("Reports:ShiftStarts needs at least one time, each once (e.g. \"06:00,14:00,22:00\").");
        return new ShiftSchedule([.. starts.Order()]);
    }
}
