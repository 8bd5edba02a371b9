using System.Text.Json;
using Host.Infrastructure.Replica;
using Npgsql;

namespace Host.Reports;

/// <summary>
/// Streams a report as JSON: <c>{ "source", "lagSeconds", "from", "to", "page", "pageSize", "items": [...], "hasMore" }</c>
/// (paging fields only for row reports), plus <c>"next"</c>, the keyset cursor of the page's last row, when there is
/// more and the report has a keyset. Items are flushed every few hundred rows rather than built as a list.
/// </summary>
internal static class JsonReportWriter
{
    private const int FlushEvery = 200;

    public static async Task WriteAsync(HttpResponse response, ReportConnection source, ReportRequest request,
        IReadOnlyList<ReportColumn> columns, NpgsqlDataReader rows, ReportKeyset? keyset, CancellationToken ct)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("source", source.Source);
        if (source.LagSeconds is { } lag) json.WriteNumber("lagSeconds", lag);
        else json.WriteNull("lagSeconds");
        json.WriteString("from", request.Period.From);
        json.WriteString("to", request.Period.To);
        if (request.Paging is { } page)
        {
            json.WriteNumber("page", page.Page);
            json.WriteNumber("pageSize", page.PageSize);
        }
        json.WriteStartArray("items");
        var (written, hasMore) = (0, false);
        string? next = null;
        while (await rows.ReadAsync(ct))
        {
            if (request.Paging is { } p && written == p.PageSize)
            {
                hasMore = true; // the query asked for one row past the page just to learn this
                break;
            }
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++) columns[i].WriteJson(json, rows, i);
            json.WriteEndObject();
            // The key of the page's last row, read before the extra row replaces it: the cursor if there is more.
            if (++written == request.Paging?.PageSize && keyset is not null) next = keyset.Cursor(rows, columns.Count);
            if (written % FlushEvery == 0) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
        if (request.Paging is not null) json.WriteBoolean("hasMore", hasMore);
        if (hasMore && next is not null) json.WriteString("next", next);
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }
}
