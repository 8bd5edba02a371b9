using EventStore.Schema;
using NpgsqlTypes;

namespace EventStore.Projections;

public sealed partial class ProjectionDaemon
{
    /// <summary>State and lag of every projection this daemon knows (its live generation).</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken ct = default)
    {
        var q = SchemaMigrator.Quote(_store.Options.Schema);
        var running = RunningHere.ToHashSet(StringComparer.Ordinal);
        var result = new List<ProjectionStatus>();
        await using var conn = await _store.DataSource.OpenConnectionAsync(ct);
        foreach (var p in _projections.Values)
        {
            var types = p.EventTypes?.ToArray();
            await using var cmd = new Npgsql.NpgsqlCommand($"""
                select p.generation, p.state, p.last_tx, p.last_position, p.processed, p.error,
                       behind.n, extract(epoch from now() - behind.oldest)::float8
                  from {q}.projections j join {q}.projection_progress p on p.name = j.name and p.generation = j.live_generation
                  cross join lateral (
                      -- one scan for both figures
                      select count(*) as n, min(e.timestamp) as oldest from {q}.events e
                       where (e.tx_id, e.position) > (p.last_tx, p.last_position) and not e.archived and ($2::text[] is null or e.type = any($2))) behind
                 where j.name = $1
                """, conn);
            cmd.Parameters.Add(new() { Value = p.Name, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)types ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) continue;
            result.Add(new ProjectionStatus(p.Name, r.GetInt32(0), r.GetString(1), new Checkpoint(r.GetFieldValue<ulong>(2), r.GetInt64(3)), r.GetInt64(4),
                r.GetInt64(6), r.IsDBNull(7) ? 0 : Math.Max(0, r.GetDouble(7)), r.IsDBNull(5) ? null : r.GetString(5), running.Contains(p.Name)));
        }
        return result;
    }

    /// <summary>
    /// Waits until <paramref name="projection"/> has applied every event (of its types) committed before the call,
    /// or the timeout passes. Cheap to poll: it reads the head once, then only the projection's progress row.
    /// </summary>
    /// <returns>True when caught up.</returns>
    public async Task<bool> WaitForCatchUpAsync(string projection, TimeSpan timeout, CancellationToken ct = default)
    {
        var p = Get(projection);
        var q = SchemaMigrator.Quote(_store.Options.Schema);
        var types = p.EventTypes?.ToArray();
        Checkpoint? head = null;
        await using (var cmd = _store.DataSource.CreateCommand($"""
            select tx_id, position from {q}.events where not archived and ($1::text[] is null or type = any($1))
             order by tx_id desc, position desc limit 1
            """))
        {
            cmd.Parameters.Add(new() { Value = (object?)types ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) head = new Checkpoint(r.GetFieldValue<ulong>(0), r.GetInt64(1));
        }
        if (head is null) return true;

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var cmd = _store.DataSource.CreateCommand($"""
                select p.last_tx, p.last_position from {q}.projections j
                  join {q}.projection_progress p on p.name = j.name and p.generation = j.live_generation where j.name = $1
                """);
            cmd.Parameters.Add(new() { Value = p.Name, NpgsqlDbType = NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                var at = new Checkpoint(r.GetFieldValue<ulong>(0), r.GetInt64(1));
                if (at.TransactionId > head.Value.TransactionId || (at.TransactionId == head.Value.TransactionId && at.Position >= head.Value.Position)) return true;
            }
            await Task.Delay(20, ct);
        }
        return false;
    }
}
