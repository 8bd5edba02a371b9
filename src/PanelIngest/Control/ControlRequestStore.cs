using System.Text.Json;
using Contracts;
using Npgsql;
using PanelIngest.Storage;

namespace PanelIngest.Control;

/// <summary>
/// The <c>ingest_control_requests</c> table: control requests received from the broker and not yet answered. Any
/// instance may receive a request; the owner of the panel picks it up from here, so a request reaches the one
/// connection to its module whichever instance the broker gave it to, and survives a restart.
/// </summary>
public sealed class ControlRequestStore(NpgsqlDataSource dataSource, string schema)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string q = IngestSchema.Q(schema);

    /// <summary>The waiting requests of <paramref name="panelIds"/>, oldest first per panel.</summary>
    public async Task<IReadOnlyList<PendingControl>> ReadForAsync(IReadOnlyCollection<string> panelIds, CancellationToken ct)
    {
        if (panelIds.Count == 0) return [];
        await using var cmd = dataSource.CreateCommand($"select request_id, body from {q}.ingest_control_requests where panel_id = any($1) order by seq");
        cmd.Parameters.Add(new() { Value = panelIds.ToArray() });
        var pending = new List<PendingControl>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            pending.Add(new PendingControl(r.GetString(0), JsonSerializer.Deserialize<ExecutePanelControl>(r.GetString(1), Json)!));
        return pending;
    }
}
