using System.Globalization;

namespace Host.Reports.Daily;

/// <summary>
/// The daily summary report (configuration section <c>Reports:Daily</c>): written for the previous UTC day into
/// <see cref="Directory"/> at <see cref="At"/> UTC. Without a directory the scheduler does not run.
/// </summary>
internal sealed record DailyReportOptions
{
    /// <summary>Where the files go (<c>Reports:Daily:Directory</c>), one sub-directory per tenant; null: off.</summary>
    public string? Directory { get; init; }

    /// <summary>The UTC time of day the previous day's reports are due (<c>Reports:Daily:At</c>, e.g. 06:00).</summary>
    public TimeOnly At { get; init; } = new(6, 0);

    /// <summary>
    /// A run still "started" after this long is taken to have crashed half-way and is taken over by another host
    /// (<c>Reports:Daily:TakeOverAfterMinutes</c>). Far longer than a run takes (seconds).
    /// </summary>
    public TimeSpan TakeOverAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the scheduler looks again while a due day is not finished (taken over, waiting on another host).</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>This host, as recorded in <c>report_runs.host</c>.</summary>
    public string HostName { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public static DailyReportOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Reports:Daily");
        var options = new DailyReportOptions { Directory = string.IsNullOrWhiteSpace(section["Directory"]) ? null : section["Directory"] };
        if (section["At"] is { Length: > 0 } at)
            options = options with
            {
                At = TimeOnly.TryParseExact(at, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? time
                    : throw new InvalidOperationException($"Reports:Daily:At: '{at}' is not a UTC time of day (HH:mm)."),
            };
        if (section["TakeOverAfterMinutes"] is { Length: > 0 } minutes)
            options = options with
            {
                TakeOverAfter = double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0
                    ? TimeSpan.FromMinutes(m)
                    : throw new InvalidOperationException($"Reports:Daily:TakeOverAfterMinutes: '{minutes}' is not a positive number."),
            };
        return options;
    }
}
