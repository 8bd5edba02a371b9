using System.Text.Json;
using EventStore.Schema;
using Messaging.Outbox;
using Messaging.Transport;
using Npgsql;
using RabbitMQ.Client;
using NpgsqlTypes;

namespace Messaging.DeadLetters;

/// <summary>
/// Dead letters in PostgreSQL. <see cref="MoveFromQueueAsync"/> drains a queue's <c>.dlq</c> into the
/// <c>dead_letters</c> table (acknowledging each message only after it is stored); operators list them and
/// replay them after a fix: a replay goes through the outbox straight to the original queue, with the same
/// message id (so an inbox still recognises one that was somehow handled).
/// </summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource, OutboxOptions outbox)
{
    private readonly string _q = SchemaMigrator.Quote(outbox.Schema);
    private readonly OutboxWriter _writer = new(outbox);

    /// <summary>Moves every message now in <c>{queue}.dlq</c> into the table; returns how many.</summary>
    public async Task<int> MoveFromQueueAsync(RabbitMqConnection connection, string queue, CancellationToken ct = default)
    {
        var moved = 0;
        var channel = await connection.CreateChannelAsync(confirms: false, ct);
        try
        {
            while (await channel.BasicGetAsync(RabbitMqTopology.DeadLetterQueue(queue), autoAck: false, ct) is { } got)
            {
                await StoreAsync(queue, DeadLetterQueue.ToDeadLetter(got.BasicProperties, got.Body.ToArray()), ct);
                await channel.BasicAckAsync(got.DeliveryTag, multiple: false, ct);
                moved++;
            }
        }
        finally
        {
            await channel.CloseAsync(CancellationToken.None);
            channel.Dispose();
        }
        return moved;
    }

    private async Task StoreAsync(string queue, DeadLetter letter, CancellationToken ct)
    {
        var m = letter.Message;
        var headers = new Dictionary<string, string>(m.Headers ?? new Dictionary<string, string>());
        void Put(string name, string? value) { if (value is not null) headers[name] = value; }
        Put(TransportHeaders.OrderingKey, m.OrderingKey);
        Put("correlation-id", m.CorrelationId);
        Put(TransportHeaders.CausationId, m.CausationId);
        Put(TransportHeaders.UserId, m.UserId);
        Put(TransportHeaders.Tenant, m.Tenant);
        Put(TransportHeaders.ExceptionStack, letter.ExceptionStack);
        await using var cmd = dataSource.CreateCommand($"""
            insert into {_q}.dead_letters (queue, message_id, message_type, body, headers, exception_type, exception_message, failed_at)
            values ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()))
            on conflict (queue, message_id) do update set body = excluded.body, headers = excluded.headers, exception_type = excluded.exception_type,
                exception_message = excluded.exception_message, failed_at = excluded.failed_at, replayed_at = null
            """);
        cmd.Parameters.Add(new() { Value = letter.OriginalQueue ?? queue, NpgsqlDbType = NpgsqlDbType.Text });
        // A message without a usable id cannot be deduplicated anyway: give it one so that dead letters don't overwrite each other.
        cmd.Parameters.Add(new() { Value = m.MessageId == Guid.Empty ? Guid.CreateVersion7() : m.MessageId, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = string.IsNullOrEmpty(m.MessageType) ? DBNull.Value : m.MessageType, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = m.Body.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(headers), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = (object?)letter.ExceptionType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)letter.ExceptionMessage ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)letter.FailedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Dead letters, newest first; by default only those not replayed yet.</summary>
    public async Task<IReadOnlyList<StoredDeadLetter>> ListAsync(string? queue = null, bool includeReplayed = false, int limit = 100, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select id, queue, message_id, message_type, body, headers::text, exception_type, exception_message, failed_at, replayed_at
              from {_q}.dead_letters
             where ($1::text is null or queue = $1) and ($2 or replayed_at is null)
             order by id desc limit $3
            """);
        cmd.Parameters.Add(new() { Value = (object?)queue ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = includeReplayed, NpgsqlDbType = NpgsqlDbType.Boolean });
        cmd.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var list = new List<StoredDeadLetter>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new StoredDeadLetter(r.GetInt64(0), r.GetString(1), r.GetGuid(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetFieldValue<byte[]>(4),
                JsonSerializer.Deserialize<Dictionary<string, string>>(r.IsDBNull(5) ? "{}" : r.GetString(5))!, r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), new DateTimeOffset(r.GetFieldValue<DateTime>(8), TimeSpan.Zero),
                r.IsDBNull(9) ? null : new DateTimeOffset(r.GetFieldValue<DateTime>(9), TimeSpan.Zero)));
        return list;
    }

    /// <summary>Sends the given dead letters back to their queues through the outbox; returns how many were replayed.</summary>
    public async Task<int> ReplayAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var messages = new List<OutboxMessage>();
        await using (var cmd = new NpgsqlCommand($"""
            update {_q}.dead_letters set replayed_at = now() where id = any($1) and replayed_at is null and message_type is not null
            returning queue, message_id, message_type, body, headers::text, exchange, routing_key
            """, conn, tx))
        {
            cmd.Parameters.Add(new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var h = JsonSerializer.Deserialize<Dictionary<string, string>>(r.IsDBNull(4) ? "{}" : r.GetString(4))!;
                string? Take(string name) => h.Remove(name, out var v) ? v : null;
                var ordering = Take(TransportHeaders.OrderingKey);
                var correlation = Take("correlation-id");
                var causation = Take(TransportHeaders.CausationId);
                var user = Take(TransportHeaders.UserId);
                var tenant = Take(TransportHeaders.Tenant);
                Take(TransportHeaders.ExceptionStack);
                // The default exchange ("") routes by queue name: straight back to the queue that failed it; an
                // unroutable message goes to its original destination again (replayed once a binding exists).
                var (exchange, routingKey) = r.IsDBNull(5) ? ("", r.GetString(0)) : (r.GetString(5), r.GetString(6));
                messages.Add(new OutboxMessage(r.GetGuid(1), r.GetString(2), exchange, routingKey, r.GetFieldValue<byte[]>(3),
                    ordering, correlation, causation, user, tenant, h.Count > 0 ? h : null));
            }
        }
        await _writer.WriteAsync(conn, tx, messages, ct);
        await tx.CommitAsync(ct);
        return messages.Count;
    }
}
