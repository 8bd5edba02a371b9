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
/// it was and the outbox without the messages: nothing is written twice, nothing is skipped. All of it travels with
/// the COMMIT in one round trip: a lost lease or a moved position fails that batch (schema function <c>refuse</c>),
/// which then commits nothing.
/// </summary>
public sealed class IngestBatchHandler(IngestOptions options)
{
    private const string LeaseLost = "ES423", PositionMoved = "ES412";

    public Task HandleAsync(IngestBatch batch, MessageContext context, CancellationToken ct)
    {
        var q = IngestSchema.Q(options.Schema);
        var lease = new NpgsqlBatchCommand($"""
            with held as (select 1 from {q}.ingest_leases where panel_id = $1 and owner = $2 for share)
            select {q}.refuse('{LeaseLost}', $1) where not exists (select 1 from held)
            """);
        lease.Parameters.Add(new() { Value = batch.PanelId });
        lease.Parameters.Add(new() { Value = batch.Owner });
        context.Session.ExecuteWithCommit(lease, e => e.SqlState == LeaseLost ? new LeaseLostException(batch.PanelId) : null);
        context.Session.ExecuteWithCommit(Move(q, batch), e => e.SqlState == PositionMoved ? new PositionMovedException(batch.PanelId) : null);

        var key = MessageNames.PanelKey(batch.PanelId);
        if (batch.GapFrom is { } from) context.Send(new PanelLogGapDetected(batch.PanelId, from, batch.At), key);
        foreach (var record in batch.Records) context.Send(record, key);
        return Task.CompletedTask;
    }

    /// <summary>The compare-and-set of the stored position; refuses (fails the commit) when it matched no row.</summary>
    private static NpgsqlBatchCommand Move(string q, IngestBatch batch)
    {
        var (sql, values) = (batch.From, batch.To) switch
        {
            (null, null) => ("select 1", Array.Empty<object>()), // nothing stored, nothing to store: only messages
            ({ } from, null) => ($"delete from {q}.ingest_positions where panel_id = $1 and last_index = $2 and fingerprint = $3 returning 1",
                new object[] { batch.PanelId, from.Index.Value, from.Fingerprint }),
            (null, { } to) => ($"""
                insert into {q}.ingest_positions (panel_id, last_index, fingerprint) values ($1, $2, $3)
                on conflict (panel_id) do nothing returning 1
                """, new object[] { batch.PanelId, to.Index.Value, to.Fingerprint }),
            ({ } from, { } to) => ($"""
                update {q}.ingest_positions set last_index = $4, fingerprint = $5, updated_at = now()
                where panel_id = $1 and last_index = $2 and fingerprint = $3 returning 1
                """, new object[] { batch.PanelId, from.Index.Value, from.Fingerprint, to.Index.Value, to.Fingerprint }),
        };
        var command = new NpgsqlBatchCommand($"with moved as ({sql}) select {q}.refuse('{PositionMoved}', $1::text) where not exists (select 1 from moved)");
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        if (values.Length == 0) command.Parameters.Add(new NpgsqlParameter { Value = batch.PanelId });
        return command;
    }
}
