using Contracts;
using Messaging;
using Npgsql;
using PanelIngest.Hosting;
using PanelIngest.Storage;

namespace PanelIngest.Translation;

/// <summary>
/// Makes an <see cref="IngestBatch"/> durable: checks the lease (locking its row, so no instance can take the panel
/// until this commits), moves the position only from where the batch started (compare and set), and writes the
/// messages to the outbox, in the unit of work's one transaction. A retry after a failure finds the position where
/// it was and the outbox without the messages: nothing is written twice, nothing is skipped.
/// </summary>
public sealed class IngestBatchHandler(IngestOptions options)
{
    public async Task HandleAsync(IngestBatch batch, MessageContext context, CancellationToken ct)
    {
        var q = IngestSchema.Q(options.Schema);
        await using (var lease = context.Session.CreateCommand($"select 1 from {q}.ingest_leases where panel_id = $1 and owner = $2 for share"))
        {
            lease.Parameters.Add(new() { Value = batch.PanelId });
            lease.Parameters.Add(new() { Value = batch.Owner });
            if (await lease.ExecuteScalarAsync(ct) is null) throw new LeaseLostException(batch.PanelId);
        }
        if (await MoveAsync(context, q, batch, ct) == 0) throw new PositionMovedException(batch.PanelId);

        var key = MessageNames.PanelKey(batch.PanelId);
        if (batch.GapFrom is { } from) context.Send(new PanelLogGapDetected(batch.PanelId, from, batch.At), key);
        foreach (var record in batch.Records) context.Send(record, key);
    }

    private static async Task<int> MoveAsync(MessageContext context, string q, IngestBatch batch, CancellationToken ct)
    {
        var (sql, values) = (batch.From, batch.To) switch
        {
            (null, null) => ("select 1", Array.Empty<object>()), // nothing stored, nothing to store: only messages
            ({ } from, null) => ($"delete from {q}.ingest_positions where panel_id = $1 and last_index = $2 and fingerprint = $3",
                new object[] { batch.PanelId, from.Index.Value, from.Fingerprint }),
            (null, { } to) => ($"""
                insert into {q}.ingest_positions (panel_id, last_index, fingerprint) values ($1, $2, $3)
                on conflict (panel_id) do nothing
                """, new object[] { batch.PanelId, to.Index.Value, to.Fingerprint }),
            ({ } from, { } to) => ($"""
                update {q}.ingest_positions set last_index = $4, fingerprint = $5, updated_at = now()
                where panel_id = $1 and last_index = $2 and fingerprint = $3
                """, new object[] { batch.PanelId, from.Index.Value, from.Fingerprint, to.Index.Value, to.Fingerprint }),
        };
        await using var cmd = context.Session.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
