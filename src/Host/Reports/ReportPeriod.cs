namespace Host.Reports;

/// <summary>
/// The half-open period [From, To) a report covers. Without bounds it is the last 24 hours; with one bound the other
/// is 24 hours away (or now). A period is at most 366 days, so no request can scan an unbounded history.
/// </summary>
internal sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public static ReportPeriod Of(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? (from is { } f && f + DefaultLength < now ? f + DefaultLength : now);
        var start = from ?? end - DefaultLength;
        if (start >= end) throw new ArgumentException("from must be before to.");
        if (end - start > MaxLength) throw new ArgumentException("A report period is at most 366 days.");
        return new ReportPeriod(start.ToUniversalTime(), end.ToUniversalTime());
    }
}
