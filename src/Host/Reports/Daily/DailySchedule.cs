namespace Host.Reports.Daily;

/// <summary>When daily reports are due. Pure: the caller passes the time.</summary>
internal static class DailySchedule
{
    /// <summary>
    /// The latest day whose report is due at <paramref name="now"/>: yesterday once today's <paramref name="at"/> has
    /// passed, the day before otherwise. A host that was down at <paramref name="at"/> thus still writes it later.
    /// </summary>
    public static DateOnly LatestDueDay(DateTimeOffset now, TimeOnly at)
    {
        var utc = now.UtcDateTime;
        var today = DateOnly.FromDateTime(utc);
        return TimeOnly.FromDateTime(utc) >= at ? today.AddDays(-1) : today.AddDays(-2);
    }

    /// <summary>The next moment after <paramref name="now"/> at which another day becomes due.</summary>
    public static DateTimeOffset NextDue(DateTimeOffset now, TimeOnly at)
    {
        var utc = now.UtcDateTime;
        var today = new DateTimeOffset(DateOnly.FromDateTime(utc).ToDateTime(at), TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }

    /// <summary>The UTC day as a half-open range [start, end).</summary>
    public static (DateTime Start, DateTime End) Range(DateOnly day) =>
        (day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
