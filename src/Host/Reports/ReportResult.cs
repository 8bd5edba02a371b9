using Host.Infrastructure.Replica;

namespace Host.Reports;

/// <summary>
/// Runs a report query on the report database and streams its rows as JSON or CSV. The query is executed before
/// anything is written, so a failing query still gets a clean error response; after that, rows flow straight from
/// the reader to the client. A row report with a <see cref="ReportKeyset"/> selects its keys after the visible columns
/// and gives the next page's cursor; one without refuses <c>after</c>.
/// </summary>
internal sealed class ReportResult(ReportDatabase reports, ReportRequest request, ReportQuery query, string sql,
    IReadOnlyList<ReportColumn> columns, ReportKeyset? keyset = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        if (keyset is null && request.Paging?.After is not null) throw new ArgumentException($"The {request.Name} report is paged by page, not after.");
        var ct = http.RequestAborted;
        await using var report = await reports.OpenAsync(ct);
        await using var cmd = query.ToCommand(report.Connection, sql, request.Paging);
        await using var rows = await cmd.ExecuteReaderAsync(ct);
        if (request.Csv) await CsvReportWriter.WriteAsync(http.Response, report, request, columns, rows, ct);
        else await JsonReportWriter.WriteAsync(http.Response, report, request, columns, rows, keyset, ct);
    }
}
