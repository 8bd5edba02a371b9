using Npgsql;

namespace Host.Infrastructure.Replica;

/// <summary>How far the replica's data is behind the primary, read on the replica itself in one cheap round trip.</summary>
internal static class ReplicaLag
{
    /// <summary>
    /// 0 when everything received is applied (an idle primary is not "lagging"); otherwise the age of the last
    /// applied commit, which is the age of the data (it over-states when the primary was idle before its latest
    /// commit: on the safe side). Null (unknown) when no WAL is being received (the primary is away, so nobody knows
    /// what is missing) or nothing was applied since the replica started. A server that is no standby (Reports
    /// pointed at a primary) has no lag. No table is read: only shared-memory counters.
    /// </summary>
    private const string Sql = """
        select case
            when not pg_is_in_recovery() then 0::float8
            when not exists (select from pg_stat_wal_receiver) then null
            when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0::float8
            else greatest(0, extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()))::float8
        end
        """;

    /// <param name="timeoutSeconds">Short: a replica that accepts connections but hangs counts as unreachable.</param>
    public static async Task<double?> ReadAsync(NpgsqlConnection connection, int timeoutSeconds, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, connection) { CommandTimeout = timeoutSeconds };
        return await cmd.ExecuteScalarAsync(ct) is double lag ? lag : null;
    }
}
