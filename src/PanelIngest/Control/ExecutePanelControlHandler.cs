using System.Text.Json;
using Contracts;
using Messaging;
using NpgsqlTypes;
using PanelIngest.Hosting;
using PanelIngest.Storage;

namespace PanelIngest.Control;

/// <summary>
/// Takes a control request from the broker: stores it for the panel's owner, in the unit of work with the inbox
/// record, so it is neither lost nor stored twice (idempotent by request id). Carrying it out happens in the panel's
/// session, never here: the transaction must not stay open while a module answers.
/// </summary>
public sealed class ExecutePanelControlHandler(IngestOptions options)
{
    public async Task HandleAsync(ExecutePanelControl request, MessageContext context, CancellationToken ct)
    {
        await using var cmd = context.Session.CreateCommand($"""
            insert into {IngestSchema.Q(options.Schema)}.ingest_control_requests (request_id, panel_id, body) values ($1, $2, $3)
            on conflict (request_id) do nothing
            """);
        cmd.Parameters.Add(new() { Value = request.RequestId });
        cmd.Parameters.Add(new() { Value = request.PanelId });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(request, ControlRequestStore.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
