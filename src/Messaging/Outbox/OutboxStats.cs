using EventStore.Schema;
using Npgsql;

namespace Messaging.Outbox;

/// <summary>Figures for metrics and health: a backlog with no relay alive is an alarm, not a silence.</summary>
/// <param name="Pending">Due rows not yet confirmed by the broker: the backlog.</param>
/// <param name="OldestAgeSeconds">How long the oldest due row has been due; 0 when none.</param>
/// <param name="ActiveRelays">Relays whose heartbeat is recent.</param>
/// <param name="Scheduled">Rows waiting for their delivery time (escalation timers): not a backlog, so counted apart.</param>
public sealed record OutboxStats(long Pending, double OldestAgeSeconds, int ActiveRelays, long Scheduled)
{
    public static async Task<OutboxStats> ReadAsync(NpgsqlDataSource dataSource, OutboxOptions options, CancellationToken ct = default)
    {
        var q = SchemaMigrator.Quote(options.Schema);
        await using var cmd = dataSource.CreateCommand($"""
            select count(*) filter (where deliver_at is null or deliver_at <= now()),
                   coalesce(extract(epoch from now() - min(coalesce(deliver_at, created_at)) filter (where deliver_at is null or deliver_at <= now()))::float8, 0),
                   (select count(*) from {q}.relay_nodes where heartbeat_at > now() - $1::interval),
                   count(*) filter (where deliver_at > now())
              from {q}.outbox
            """);
        cmd.Parameters.Add(new() { Value = options.HeartbeatInterval * 3, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new OutboxStats(r.GetInt64(0), r.GetDouble(1), (int)r.GetInt64(2), r.GetInt64(3));
    }
}
