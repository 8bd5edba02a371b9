using Domain.Panels;
using Npgsql;
using NpgsqlTypes;

namespace Projections.Reports;

/// <summary>
/// A batch's arms and disarms as column arrays, inserted with one <c>insert … select from unnest(…)</c>: rows of
/// unknown panels find no panel and are left out, as with the per-event insert; a row already there (same stored
/// event id) is skipped, so applying twice changes nothing.
/// </summary>
internal sealed class ArmingRows
{
    private readonly List<Guid> _ids = [];
    private readonly List<string> _panels = [], _actions = [], _descriptions = [];
    private readonly List<int?> _partitions = [], _users = [];
    private readonly List<DateTime> _panelTimes = [], _recordedAt = [];
    private readonly List<int> _codes = [];

    public int Count => _ids.Count;

    public void Add(Guid eventId, PanelEventRecorded r)
    {
        _ids.Add(eventId);
        _panels.Add(r.PanelId);
        _actions.Add(r.Kind == PanelEventKind.Arm ? "arm" : "disarm");
        _partitions.Add(r.Partition);
        _users.Add(r.User);
        // A panel's clock has no time zone: stored as it reads.
        _panelTimes.Add(DateTime.SpecifyKind(r.PanelTime, DateTimeKind.Unspecified));
        _recordedAt.Add(r.RecordedAt.UtcDateTime);
        _codes.Add(r.EventCode);
        _descriptions.Add(r.Description);
    }

    public NpgsqlBatchCommand Insert(string log, string panels)
    {
        var cmd = new NpgsqlBatchCommand($"""
            insert into {log} (event_id, tenant, site_id, panel_id, action, partition, user_number, panel_time, recorded_at, event_code, description)
            select u.event_id, p.tenant, p.site_id, p.panel_id, u.action, u.partition, u.user_number, u.panel_time, u.recorded_at, u.event_code, u.description
              from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[], $6::timestamp[], $7::timestamptz[], $8::int[], $9::text[])
                   with ordinality as u(event_id, panel_id, action, partition, user_number, panel_time, recorded_at, event_code, description, n)
              join {panels} p on p.panel_id = u.panel_id
             order by u.n
            on conflict (event_id) do nothing
            """);
        cmd.Parameters.Add(new() { Value = _ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = _panels.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = _actions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = _partitions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = _users.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = _panelTimes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Timestamp });
        cmd.Parameters.Add(new() { Value = _recordedAt.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = _codes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = _descriptions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return cmd;
    }
}
