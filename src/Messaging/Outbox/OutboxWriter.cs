using System.Text.Json;
using EventStore;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Outbox;

/// <summary>Writes outbox rows in the caller's transaction (the business transaction), in one round trip.</summary>
public sealed class OutboxWriter
{
    private readonly OutboxOptions _options;
    private readonly string _sql;
    private readonly string _withCommitSql;

    /// <summary>The SQLSTATE of an ordering-key refusal sent with the commit; its message is the key.</summary>
    internal const string RefusedOrdering = "ES410";

    public OutboxWriter(OutboxOptions options)
    {
        options.Validate();
        _options = options;
        var s = SchemaMigrator.Quote(options.Schema);
        // The key guard refuses a transaction older than the key's last writer (see OrderingConflictException).
        const string cte = """
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
            """;
        var ctes = cte.Replace("{s}", s, StringComparison.Ordinal) + "\n";
        _sql = ctes + "select array(select key from k), (select count(*) from i)";
        // Sent with the commit: a refused key fails the transaction (no result can come back before the COMMIT).
        _withCommitSql = ctes + $"""
            select {s}.refuse('{RefusedOrdering}', r.key)
            from (select key from unnest($1::text[]) as key where key is not null except select key from k limit 1) r
            """;
    }

    /// <summary>
    /// Queues the rows in <paramref name="session"/>, sent with its COMMIT in the same round trip; an ordering-key
    /// refusal fails <see cref="EventStoreSession.CommitAsync"/> with <see cref="OrderingConflictException"/>.
    /// </summary>
    public void WriteWithCommit(EventStoreSession session, IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count == 0) return;
        var cmd = new NpgsqlBatchCommand(_withCommitSql);
        AddParameters(cmd.Parameters, messages);
        session.ExecuteWithCommit(cmd, e => e.SqlState == RefusedOrdering ? new OrderingConflictException(e.MessageText) : null);
    }

    /// <exception cref="OrderingConflictException">A younger transaction already wrote one of the keys.</exception>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0) return;
        await using var cmd = new NpgsqlCommand(_sql, connection, transaction);
        AddParameters(cmd.Parameters, messages);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var guarded = r.GetFieldValue<string[]>(0).ToHashSet(StringComparer.Ordinal);
        var refused = messages.Select(m => m.OrderingKey).OfType<string>().FirstOrDefault(k => !guarded.Contains(k));
        if (refused is not null) throw new OrderingConflictException(refused);
    }

    private void AddParameters(NpgsqlParameterCollection p, IReadOnlyList<OutboxMessage> messages)
    {
        // Checked here, not at publish time: a row the broker refuses would block its partition.
        foreach (var m in messages)
            if (m.Headers?.Keys.FirstOrDefault(Transport.TransportHeaders.IsReserved) is { } reserved)
                throw new ArgumentException($"Header '{reserved}' of message {m.MessageType} is reserved for the transport.", nameof(messages));
        Add(messages.Select(m => m.OrderingKey), NpgsqlDbType.Text);
        Add(messages.Select(m => (short)_options.PartitionOf(m.OrderingKey, m.MessageId)), NpgsqlDbType.Smallint);
        Add(messages.Select(m => m.MessageId), NpgsqlDbType.Uuid);
        Add(messages.Select(m => m.MessageType), NpgsqlDbType.Text);
        Add(messages.Select(m => m.Exchange), NpgsqlDbType.Text);
        Add(messages.Select(m => m.RoutingKey), NpgsqlDbType.Text);
        Add(messages.Select(m => m.Body.ToArray()), NpgsqlDbType.Bytea);
        Add(messages.Select(m => m.CorrelationId), NpgsqlDbType.Text);
        Add(messages.Select(m => m.CausationId), NpgsqlDbType.Text);
        Add(messages.Select(m => m.UserId), NpgsqlDbType.Text);
        Add(messages.Select(m => m.Tenant), NpgsqlDbType.Text);
        Add(messages.Select(m => m.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null), NpgsqlDbType.Jsonb);
        Add(messages.Select(m => m.DeliverAt?.UtcDateTime), NpgsqlDbType.TimestampTz);

        void Add<T>(IEnumerable<T> values, NpgsqlDbType type) =>
            p.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });
    }
}
