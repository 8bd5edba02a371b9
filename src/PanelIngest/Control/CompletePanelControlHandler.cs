using Contracts;
using Messaging;
using PanelIngest.Hosting;
using PanelIngest.Storage;

namespace PanelIngest.Control;

/// <summary>Handles <see cref="CompletePanelControl"/>: one answer per request, even when a session and the expiry race.</summary>
public sealed class CompletePanelControlHandler(IngestOptions options)
{
    public async Task<bool> HandleAsync(CompletePanelControl complete, MessageContext context, CancellationToken ct)
    {
        await using var cmd = context.Session.CreateCommand($"delete from {IngestSchema.Q(options.Schema)}.ingest_control_requests where request_id = $1");
        cmd.Parameters.Add(new() { Value = complete.Completion.RequestId });
        if (await cmd.ExecuteNonQueryAsync(ct) == 0) return false; // answered already
        context.Send(complete.Completion, MessageNames.PanelKey(complete.Completion.PanelId));
        return true;
    }
}
