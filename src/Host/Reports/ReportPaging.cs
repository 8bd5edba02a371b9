namespace Host.Reports;

/// <summary>
/// A page of a row report. JSON is always paged (default 100 rows); CSV is an export, streamed whole unless the
/// request names a page or a page size.
/// </summary>
internal sealed record ReportPaging(int Page, int PageSize)
{
    public const int DefaultPageSize = 100, MaxPageSize = 1000;

    public int Offset => (Page - 1) * PageSize;

    public static ReportPaging? For(int? page, int? pageSize, bool csv)
    {
        if (page is < 1) throw new ArgumentException("page must be at least 1.");
        if (pageSize is < 1 or > MaxPageSize) throw new ArgumentException($"pageSize must be between 1 and {MaxPageSize}.");
        return csv && page is null && pageSize is null ? null : new ReportPaging(page ?? 1, pageSize ?? DefaultPageSize);
    }
}
