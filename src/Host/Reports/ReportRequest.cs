namespace Host.Reports;

/// <summary>A validated report request: whose rows (the caller's tenant, always), which period, which page, which format.</summary>
internal sealed record ReportRequest(string Name, string Tenant, ReportPeriod Period, ReportPaging? Paging, bool Csv)
{
    /// <param name="name">The report's name, used for the CSV file name.</param>
    /// <param name="paged">False for aggregate reports, whose rows are few and always returned whole.</param>
    public static ReportRequest From(HttpContext http, string name, ReportParameters p, TimeProvider time, bool paged = true)
    {
        var csv = WantsCsv(http.Request, p.Format);
        var period = ReportPeriod.Of(p.From, p.To, time.GetUtcNow());
        var paging = paged ? ReportPaging.For(p.Page, p.PageSize, p.After, csv) : null;
        if (!paged && (p.Page is not null || p.PageSize is not null || p.After is not null)) throw new ArgumentException($"The {name} report is not paged.");
        return new ReportRequest(name, Infrastructure.RequestContext.From(http).Tenant, period, paging, csv);
    }

    /// <summary><c>?format=</c> wins over the Accept header, so a plain link in a browser can download CSV.</summary>
    private static bool WantsCsv(HttpRequest request, string? format) => format?.ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        null => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)),
        _ => throw new ArgumentException("format is json or csv."),
    };
}
