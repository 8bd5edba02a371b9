using Npgsql;
using PanelIngest.Protocol;
using PanelIngest.Translation;

namespace PanelIngest.Storage;

/// <summary>Reads a panel's stored event-log position (written only by <see cref="IngestBatchHandler"/>, with the messages).</summary>
public sealed class PositionStore(NpgsqlDataSource dataSource, string schema)
{
    private readonly string select = $"select last_index, fingerprint from {IngestSchema.Q(schema)}.ingest_positions where panel_id = $1";

    /// <summary>The position of <paramref name="panelId"/>, or null if nothing was ever ingested from it.</summary>
    public async Task<LogPosition?> ReadAsync(string panelId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(select);
        cmd.Parameters.Add(new() { Value = panelId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LogPosition(new EventLogIndex(reader.GetInt32(0)), reader.GetString(1)) : null;
    }
}
