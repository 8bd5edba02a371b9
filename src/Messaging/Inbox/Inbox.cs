using EventStore;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Inbox;

/// <summary>
/// Records handled message ids per consumer in the handler's own transaction: a redelivered message finds its id
/// and changes nothing (exactly-once effect over at-least-once delivery). Each row also keeps the message's type,
/// correlation, causation and user, so that the audit trail (audit trace) shows the messages handled, not only the
/// events they caused.
/// </summary>
public sealed class Inbox(string schema)
{
    private readonly string _record = $"""
        insert into {SchemaMigrator.Quote(schema)}.inbox (consumer, message_id, message_type, correlation_id, causation_id, user_id)
        values ($1, $2, $3, $4, $5, $6) on conflict do nothing
        """;
    private readonly string _recordWithCommit = $"""
        with i as (
          insert into {SchemaMigrator.Quote(schema)}.inbox (consumer, message_id, message_type, correlation_id, causation_id, user_id)
          values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning 1)
        select {SchemaMigrator.Quote(schema)}.refuse('{AlreadyHandledState}', 'message already handled') where not exists (select 1 from i)
        """;
    private readonly string _contains = $"select exists (select 1 from {SchemaMigrator.Quote(schema)}.inbox where consumer = $1 and message_id = $2)";
    private readonly string _purge = $"delete from {SchemaMigrator.Quote(schema)}.inbox where handled_at < now() - $1::interval";

    /// <summary>The SQLSTATE of a duplicate found by a record sent with the commit.</summary>
    internal const string AlreadyHandledState = "ES208";

    /// <summary>
    /// Queues the record in <paramref name="session"/>, sent with its COMMIT in the same round trip: for a duplicate,
    /// <see cref="EventStoreSession.CommitAsync"/> commits nothing and throws <see cref="AlreadyHandledException"/>.
    /// </summary>
    public void RecordWithCommit(EventStoreSession session, string consumer, Guid messageId, string? messageType, MessageMetadata metadata)
    {
        var cmd = new NpgsqlBatchCommand(_recordWithCommit);
        AddParameters(cmd.Parameters, consumer, messageId, messageType, metadata);
        session.ExecuteWithCommit(cmd, e => e.SqlState == AlreadyHandledState ? new AlreadyHandledException(consumer, messageId) : null);
    }

    /// <summary>Whether <paramref name="consumer"/> has handled <paramref name="messageId"/> (committed).</summary>
    public async Task<bool> ContainsAsync(NpgsqlDataSource dataSource, string consumer, Guid messageId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(_contains);
        cmd.Parameters.Add(new() { Value = consumer, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = messageId, NpgsqlDbType = NpgsqlDbType.Uuid });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>True the first time <paramref name="messageId"/> is seen by <paramref name="consumer"/> (in this transaction); false for a duplicate.</summary>
    public async Task<bool> TryRecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string consumer, Guid messageId, string? messageType,
        MessageMetadata metadata, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_record, conn, tx);
        AddParameters(cmd.Parameters, consumer, messageId, messageType, metadata);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static void AddParameters(NpgsqlParameterCollection p, string consumer, Guid messageId, string? messageType, MessageMetadata metadata)
    {
        p.Add(new() { Value = consumer, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = messageId, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new() { Value = (object?)messageType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)metadata.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)metadata.CausationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)metadata.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    /// <summary>Forgets ids older than <paramref name="retention"/> (longer than any redelivery can take).</summary>
    public async Task<int> PurgeAsync(NpgsqlDataSource dataSource, TimeSpan retention, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(_purge);
        cmd.Parameters.Add(new() { Value = retention, NpgsqlDbType = NpgsqlDbType.Interval });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
