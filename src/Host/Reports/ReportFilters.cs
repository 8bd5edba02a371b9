namespace Host.Reports;

/// <summary>Validation of the enumerated filters: a typo is a 400 that lists the accepted values, not an empty report.</summary>
internal static class ReportFilters
{
    /// <summary>The enum member's stored name (as the read models keep it), case-insensitive; null when not given.</summary>
    public static string? EnumName<T>(string? value, string parameter) where T : struct, Enum =>
        value is null ? null
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed.ToString()
        : throw new ArgumentException($"{parameter} is one of {string.Join(", ", Enum.GetNames<T>())}.");

    /// <summary>One of <paramref name="allowed"/> (lower case), case-insensitive; null when not given.</summary>
    public static string? OneOf(string? value, string parameter, params string[] allowed) =>
        value is null ? null
        : allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
          ?? throw new ArgumentException($"{parameter} is one of {string.Join(", ", allowed)}.");

    public static void NotApplicable(string? value, string parameter, string report)
    {
        if (value is not null) throw new ArgumentException($"{parameter} does not apply to the {report} report.");
    }
}
