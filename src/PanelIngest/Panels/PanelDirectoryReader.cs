using Npgsql;
using PanelIngest.Storage;

namespace PanelIngest.Panels;

/// <summary>
/// Reads the <c>panel_directory</c> view (the Host's projection of panel registrations). Before the Host's daemon has
/// created it the directory is empty: the ingest waits rather than fails.
/// </summary>
public sealed class PanelDirectoryReader(NpgsqlDataSource dataSource, string schema)
{
    private readonly string select =
        $"select panel_id, site_id, model, host, port, integration_key_ref, decommissioned from {IngestSchema.Q(schema)}.panel_directory";

    /// <summary>Every panel in the directory, decommissioned ones included.</summary>
    public async Task<IReadOnlyList<PanelEntry>> ReadAsync(CancellationToken ct)
    {
        var panels = new List<PanelEntry>();
        try
        {
            await using var cmd = dataSource.CreateCommand(select);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                panels.Add(new PanelEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6)));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return []; // the Host has not created the projection yet
        }
        return panels;
    }
}
