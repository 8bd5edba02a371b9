using Contracts;
using Messaging;
using PanelIngest.Hosting;
using PanelIngest.Storage;

namespace PanelIngest.Control;

/// <summary>Handles <see cref="ExpireControlRequests"/>: requests nobody carried out in time are answered TimedOut.</summary>
public sealed class ExpireControlRequestsHandler(IngestOptions options)
{
    public async Task<int> HandleAsync(ExpireControlRequests expire, MessageContext context, CancellationToken ct)
    {
        await using var cmd = context.Session.CreateCommand($"""
            delete from {IngestSchema.Q(options.Schema)}.ingest_control_requests where received_at < now() - $1
            returning request_id, panel_id
            """);
        cmd.Parameters.Add(new() { Value = expire.OlderThan });
        var expired = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var panelId = r.GetString(1);
            context.Send(new PanelControlCompleted(panelId, r.GetString(0), Domain.Panels.PanelControlResult.TimedOut, "not carried out in time: no ingest instance reached the panel", expire.At),
                MessageNames.PanelKey(panelId));
            expired++;
        }
        return expired;
    }
}
