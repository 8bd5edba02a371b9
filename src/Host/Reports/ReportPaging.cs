namespace Host.Reports;

/// <summary>
/// A page of a row report. JSON is always paged (default 100 rows); CSV is an export, streamed whole unless the
/// request names a page, a page size or a cursor. <see cref="After"/> is a keyset cursor (<see cref="ReportKeyset"/>):
/// the page starts right after that row, so it takes no page number.
/// </summary>
internal sealed record ReportPaging(int Page, int PageSize, string? After = null)
{
    public const int DefaultPageSize = 100, MaxPageSize = 1000;

    public int Offset => After is null ? (Page - 1) * PageSize : 0;

    public static ReportPaging? For(int? page, int? pageSize, string? after, bool csv)
    {
        if (page is < 1) throw new ArgumentException("page must be at least 1.");
        if (pageSize is < 1 or > MaxPageSize) throw new ArgumentException($"pageSize must be between 1 and {MaxPageSize}.");
        if (after is not null && page is not null) throw new ArgumentException("Give either page or after (a cursor), not both.");
        if (after is { Length: 0 or > 2000 }) throw new ArgumentException("after is not a cursor of this report (take it from a page's \"next\").");
        return csv && page is null && pageSize is null && after is null ? null : new ReportPaging(page ?? 1, pageSize ?? DefaultPageSize, after);
    }
}
