namespace Host.Reports;

/// <summary>
/// The query parameters every report takes: the period (<c>from</c>, <c>to</c>, ISO 8601), paging (<c>page</c> or
/// the keyset cursor <c>after</c>, and <c>pageSize</c>), <c>format</c> (json or csv; <c>Accept: text/csv</c> also
/// asks for CSV), and the site and panel filters.
/// </summary>
internal sealed record ReportParameters(DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize, string? Format,
    string? SiteId, string? PanelId, string? After);
