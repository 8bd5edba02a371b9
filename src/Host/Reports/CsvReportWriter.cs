using System.Globalization;
using System.Text;
using Host.Infrastructure.Replica;
using Npgsql;

namespace Host.Reports;

/// <summary>
/// Streams a report as CSV: UTF-8 with a byte order mark (without it Excel reads UTF-8 as the ANSI code page and
/// garbles Polish letters), a header row, CRLF line ends, RFC 4180 quoting. Rows go out as they are read, through a
/// small buffer, so an export of a year never sits in memory. Where the data came from and how stale it is go in the
/// X-Report-Source and X-Report-Lag-Seconds headers (the latter left out when the lag is unknown).
/// </summary>
internal static class CsvReportWriter
{
    public static async Task WriteAsync(HttpResponse response, ReportConnection source, ReportRequest request,
        IReadOnlyList<ReportColumn> columns, NpgsqlDataReader rows, CancellationToken ct)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers["X-Report-Source"] = source.Source;
        if (source.LagSeconds is { } lag) response.Headers["X-Report-Lag-Seconds"] = lag.ToString("0.###", CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"{request.Name}-{request.Period.From:yyyyMMdd'T'HHmm}-{request.Period.To:yyyyMMdd'T'HHmm}.csv\"";

        await using var csv = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await csv.WriteAsync('\uFEFF'); // the BOM, written by hand: StreamWriter's own preamble depends on the stream being seekable
        await csv.WriteLineAsync(string.Join(',', columns.Select(c => CsvField.Escape(c.Name))));
        var line = new StringBuilder();
        var written = 0;
        while (await rows.ReadAsync(ct))
        {
            if (request.Paging is { } page && written == page.PageSize) break; // the extra row only says there is more
            line.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(CsvField.Escape(columns[i].ToCsv(rows, i)));
            }
            await csv.WriteLineAsync(line, ct);
            written++;
        }
        await csv.FlushAsync(ct);
    }
}
