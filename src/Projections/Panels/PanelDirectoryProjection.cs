using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Npgsql;

namespace Projections.Panels;

/// <summary>
/// The panel directory: where each registered panel's ETHM-1 module is reached, for the ingest to connect to. One row
/// per panel (panel_id, site_id, model, host, port, integration_key_ref, decommissioned). The ingest reads the view
/// periodically to learn panels added, moved or decommissioned. Every write is an upsert or an update keyed by the
/// panel id, so a rebuild from zero gives the same rows.
/// </summary>
public sealed class PanelDirectoryProjection : Projection
{
    public override string Name => "panel_directory";

    public override IReadOnlyCollection<string> EventTypes { get; } =
        ["panel_registered", "panel_connection_settings_changed", "panel_decommissioned"];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("panel_directory", """
            create table {table} (
                panel_id text primary key, site_id text not null, model text not null, host text not null,
                port int not null, integration_key_ref text, decommissioned boolean not null default false,
                version bigint not null)
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var directory = context.Table("panel_directory");
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = e.Data switch
            {
                PanelRegistered r => Command($"""
                    insert into {directory} (panel_id, site_id, model, host, port, integration_key_ref, version)
                    values ($1, $2, $3, $4, $5, $6, $7) on conflict (panel_id) do nothing
                    """, r.PanelId, r.SiteId, r.Model.ToString(), r.Host, r.Port, r.IntegrationKeyRef, e.StreamVersion),
                PanelConnectionSettingsChanged c => Command(
                    $"update {directory} set host = $2, port = $3, integration_key_ref = $4, version = $5 where panel_id = $1",
                    c.PanelId, c.Host, c.Port, c.IntegrationKeyRef, e.StreamVersion),
                PanelDecommissioned d => Command(
                    $"update {directory} set decommissioned = true, version = $2 where panel_id = $1", d.PanelId, e.StreamVersion),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
            cmd.Parameters.Add(v is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } // only the key ref is ever null
                : new NpgsqlParameter { Value = v });
        return cmd;
    }
}
