using System.Text.Json;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Outbox;

/// <summary>Writes outbox rows in the caller's transaction (the business transaction), in one round trip.</summary>
public sealed class OutboxWriter
{
    private readonly OutboxOptions _options;
    private readonly string _sql;

    public OutboxWriter(OutboxOptions options)
    {
        options.Validate();
        _options = options;
        var s = SchemaMigrator.Quote(options.Schema);
        // The key guard refuses a transaction older than the key's last writer (see OrderingConflictException).
        _sql = $"""
            with k as (
              insert into {s}.outbox_keys as ok (key, last_tx)
              select distinct key, pg_current_xact_id() from unnest($1::text[]) as key where key is not null
              on conflict (key) do update set last_tx = excluded.last_tx, touched_at = now() where ok.last_tx <= excluded.last_tx
              returning ok.key),
            i as (
              insert into {s}.outbox (partition, message_id, message_type, exchange, routing_key, ordering_key, body,
                                      correlation_id, causation_id, user_id, tenant, headers, deliver_at)
              select * from unnest($2::smallint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $1::text[], $7::bytea[],
                                   $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[])
              returning 1)
            select array(select key from k), (select count(*) from i)
            """;
    }

    /// <exception cref="OrderingConflictException">A younger transaction already wrote one of the keys.</exception>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0) return;
        // Checked here, not at publish time: a row the broker refuses would block its partition.
        foreach (var m in messages)
            if (m.Headers?.Keys.FirstOrDefault(Transport.TransportHeaders.IsReserved) is { } reserved)
                throw new ArgumentException($"Header '{reserved}' of message {m.MessageType} is reserved for the transport.", nameof(messages));
        await using var cmd = new NpgsqlCommand(_sql, connection, transaction);
        Add(cmd, messages.Select(m => m.OrderingKey), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => (short)_options.PartitionOf(m.OrderingKey, m.MessageId)), NpgsqlDbType.Smallint);
        Add(cmd, messages.Select(m => m.MessageId), NpgsqlDbType.Uuid);
        Add(cmd, messages.Select(m => m.MessageType), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.Exchange), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.RoutingKey), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.Body.ToArray()), NpgsqlDbType.Bytea);
        Add(cmd, messages.Select(m => m.CorrelationId), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.CausationId), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.UserId), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.Tenant), NpgsqlDbType.Text);
        Add(cmd, messages.Select(m => m.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null), NpgsqlDbType.Jsonb);
        Add(cmd, messages.Select(m => m.DeliverAt?.UtcDateTime), NpgsqlDbType.TimestampTz);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var guarded = r.GetFieldValue<string[]>(0).ToHashSet(StringComparer.Ordinal);
        var refused = messages.Select(m => m.OrderingKey).OfType<string>().FirstOrDefault(k => !guarded.Contains(k));
        if (refused is not null) throw new OrderingConflictException(refused);
    }

    private static void Add<T>(NpgsqlCommand cmd, IEnumerable<T> values, NpgsqlDbType type) =>
        cmd.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });
}
