using System.Text.Json;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Outbox;

/// <summary>The relay's SQL: read a partition's next batch in commit order, delete what the broker confirmed.</summary>
internal sealed class OutboxReader(OutboxOptions options)
{
    // The next rows of a partition in (tx_id, id) order among those due: the immediate ones (most) and the scheduled
    // ones whose time has come, each from its own index (messaging schema step 3), merged. One filter over both
    // would walk every row still scheduled for later on each read.
    private readonly string _read = $"""
        select id, message_id, message_type, exchange, routing_key, ordering_key, body, correlation_id, causation_id,
               user_id, tenant, headers, deliver_at
          from ((select id, tx_id, message_id, message_type, exchange, routing_key, ordering_key, body, correlation_id,
                        causation_id, user_id, tenant, headers::text as headers, deliver_at
                   from {SchemaMigrator.Quote(options.Schema)}.outbox
                  where partition = $1 and deliver_at is null and tx_id < pg_snapshot_xmin(pg_current_snapshot())
                  order by tx_id, id
                  limit $2)
                union all
                (select id, tx_id, message_id, message_type, exchange, routing_key, ordering_key, body, correlation_id,
                        causation_id, user_id, tenant, headers::text, deliver_at
                   from {SchemaMigrator.Quote(options.Schema)}.outbox
                  where partition = $1 and deliver_at <= now() and tx_id < pg_snapshot_xmin(pg_current_snapshot())
                  order by tx_id, id
                  limit $2)) due
         order by tx_id, id
         limit $2
        """;

    private readonly string _delete = $"delete from {SchemaMigrator.Quote(options.Schema)}.outbox where id = any($1)";

    private readonly string _deadLetter = $"""
        insert into {SchemaMigrator.Quote(options.Schema)}.dead_letters (queue, message_id, message_type, exchange, routing_key, body, headers, exception_type, exception_message)
        select '(unroutable)', message_id, message_type, exchange, routing_key, body,
               jsonb_strip_nulls(coalesce(headers, jsonb_build_object()) || jsonb_build_object('ordering-key', ordering_key, 'correlation-id', correlation_id,
                   'causation-id', causation_id, 'user-id', user_id, 'tenant', tenant)),
               'Unroutable', 'No queue is bound for exchange ' || exchange || ', routing key ' || routing_key
          from {SchemaMigrator.Quote(options.Schema)}.outbox where id = any($1) and message_id = any($2)
        on conflict (queue, message_id) do nothing
        """;

    /// <remarks>
    /// Only rows of finished transactions (id below the snapshot's xmin) are read, in (transaction id, id) order: a
    /// row that commits later can never sort before one already published, so per-key order is commit order
    /// (the key guard in <see cref="OutboxWriter"/> makes transaction-id order equal commit order per key).
    /// </remarks>
    public async Task<List<(long Id, OutboxMessage Message)>> ReadAsync(NpgsqlConnection conn, int partition, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_read, conn);
        cmd.Parameters.Add(new() { Value = (short)partition, NpgsqlDbType = NpgsqlDbType.Smallint });
        cmd.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var rows = new List<(long, OutboxMessage)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            var headers = r.IsDBNull(11) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(11));
            rows.Add((r.GetInt64(0), new OutboxMessage(r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetFieldValue<byte[]>(6), Text(5), Text(7), Text(8), Text(9), Text(10), headers,
                r.IsDBNull(12) ? null : new DateTimeOffset(r.GetFieldValue<DateTime>(12), TimeSpan.Zero))));
        }
        return rows;
    }

    /// <summary>Moves the unroutable messages of a batch to <c>dead_letters</c> and deletes the whole (otherwise confirmed) batch.</summary>
    public async Task DeadLetterUnroutableAsync(NpgsqlConnection conn, long[] batchIds, IEnumerable<Guid> unroutable, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand(_deadLetter, conn, tx))
        {
            cmd.Parameters.Add(new() { Value = batchIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = unroutable.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await DeleteAsync(conn, batchIds, ct, tx);
        await tx.CommitAsync(ct);
    }

    public async Task DeleteAsync(NpgsqlConnection conn, IEnumerable<long> ids, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(_delete, conn, tx);
        cmd.Parameters.Add(new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
