using EventStore;
using EventStore.Schema;
using Host.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Host.Alarms.ListingOpenAlarms;

public sealed record OpenAlarmItem(string AlarmId, string SiteId, string PanelId, string Kind, int Priority, int? Partition, int? Zone,
    string Status, DateTimeOffset RaisedAt, string? AcknowledgedBy, int Repeats, bool Escalated, long Version);

public sealed record OpenAlarmsPage(IReadOnlyList<OpenAlarmItem> Items, int Page, int PageSize, long Total);

internal static class ListOpenAlarmsEndpoint
{
    /// <summary>
    /// <c>GET /api/alarms?siteId=&amp;priority=&amp;status=&amp;page=1&amp;pageSize=50</c>: the caller's tenant's open
    /// alarms, most urgent first, from the open alarms read model (eventually consistent with the streams).
    /// </summary>
    public static void MapListOpenAlarms(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/alarms", async (HttpContext http, PostgresEventStore store, string? siteId, int? priority, string? status, int? page, int? pageSize, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var (p, size) = (page ?? 1, pageSize ?? 50);
            if (p < 1 || size is < 1 or > 500) throw new ArgumentException("page must be at least 1 and pageSize between 1 and 500.");
            if (status is not (null or "raised" or "acknowledged" or "dispatched")) throw new ArgumentException("status is one of raised, acknowledged, dispatched.");
            // The page and the total in one round trip, as two statements: the page reads just its rows from the board's
            // index; a window count over the page query would visit every open alarm of the tenant instead.
            const string filter = "tenant = $1 and ($2::text is null or site_id = $2) and ($3::int is null or priority = $3) and ($4::text is null or status = $4)";
            var table = $"{SchemaMigrator.Quote(store.Options.Schema)}.open_alarms";
            await using var batch = store.DataSource.CreateBatch();
            batch.BatchCommands.Add(Filtered($"""
                select alarm_id, site_id, panel_id, kind, priority, partition, zone, status, raised_at, acknowledged_by, repeats, escalated, version
                  from {table} where {filter}
                 order by priority desc, raised_at, alarm_id
                 limit $5 offset $6
                """, request.Tenant, siteId, priority, status, (size, (p - 1) * size)));
            batch.BatchCommands.Add(Filtered($"select count(*) from {table} where {filter}", request.Tenant, siteId, priority, status, null));
            var items = new List<OpenAlarmItem>();
            await using var r = await batch.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                items.Add(new OpenAlarmItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                    r.IsDBNull(5) ? null : r.GetInt32(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetString(7),
                    new DateTimeOffset(r.GetFieldValue<DateTime>(8), TimeSpan.Zero), r.IsDBNull(9) ? null : r.GetString(9),
                    r.GetInt32(10), r.GetBoolean(11), r.GetInt64(12)));
            }
            await r.NextResultAsync(ct);
            await r.ReadAsync(ct);
            var total = r.GetInt64(0);
            return Results.Ok(new OpenAlarmsPage(items, p, size, total));
        }).RequireAuthorization(Auth.CanRead);

    private static NpgsqlBatchCommand Filtered(string sql, string tenant, string? siteId, int? priority, string? status, (int Limit, int Offset)? page)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)siteId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)priority ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (page is { } pg)
        {
            cmd.Parameters.Add(new() { Value = pg.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = pg.Offset, NpgsqlDbType = NpgsqlDbType.Integer });
        }
        return cmd;
    }
}
