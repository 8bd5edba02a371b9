using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Outbox;

public sealed partial class OutboxRelay
{
    private long _beats;

    /// <summary>Records this relay as alive and returns how many relays are (heartbeat within three intervals).</summary>
    private async Task<int> HeartbeatAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var q = SchemaMigrator.Quote(_options.Schema);
        await using var batch = new NpgsqlBatch(conn);
        var beat = new NpgsqlBatchCommand($"""
            insert into {q}.relay_nodes (node_id, heartbeat_at, partitions) values ($1, now(), $2)
            on conflict (node_id) do update set heartbeat_at = now(), partitions = excluded.partitions
            """);
        beat.Parameters.Add(new() { Value = NodeId, NpgsqlDbType = NpgsqlDbType.Text });
        beat.Parameters.Add(new() { Value = Partitions.Select(p => (short)p).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        var count = new NpgsqlBatchCommand($"select count(*) from {q}.relay_nodes where heartbeat_at > now() - $1::interval");
        count.Parameters.Add(new() { Value = _options.HeartbeatInterval * 3, NpgsqlDbType = NpgsqlDbType.Interval });
        // Housekeeping rides along: relays dead for an hour, and key guards no running transaction can still race
        // (a key's last writer is older than every running transaction) and untouched for an hour.
        var forget = new NpgsqlBatchCommand($"""
            delete from {q}.relay_nodes where heartbeat_at < now() - interval '1 hour';
            """);
        var keys = new NpgsqlBatchCommand($"""
            delete from {q}.outbox_keys where touched_at < now() - interval '1 hour' and last_tx < pg_snapshot_xmin(pg_current_snapshot())
            """);
        batch.BatchCommands.Add(beat);
        if (_beats++ % 60 == 0)
        {
            batch.BatchCommands.Add(forget);
            batch.BatchCommands.Add(keys);
        }
        batch.BatchCommands.Add(count);
        await using var r = await batch.ExecuteReaderAsync(ct); // positioned on the count: the insert returns no rows
        await r.ReadAsync(ct);
        return (int)r.GetInt64(0);
    }

    /// <summary>
    /// Holds a fair share (partitions / live relays, rounded up): gives back extras (after their current batch) so
    /// a newcomer can take them, and takes free partitions up to the share.
    /// </summary>
    private async Task BalanceAsync(NpgsqlConnection conn, int lockClass, int liveRelays, CancellationToken ct)
    {
        var share = (int)Math.Ceiling(_options.Partitions / (double)Math.Max(1, liveRelays));
        var held = Partitions.Order().ToList();
        if (held.Count > share)
        {
            var extras = held.Skip(share).ToArray();
            await StopWorkersAsync(extras);
            foreach (var p in extras) await LockAsync(conn, "pg_advisory_unlock", lockClass, p, ct);
            held = held.Take(share).ToList();
        }
        var changed = false;
        // Start at a node-specific offset so that relays starting together do not all race for partition 0.
        var offset = (int)((uint)NodeId.GetHashCode() % (uint)_options.Partitions);
        for (var i = 0; i < _options.Partitions && held.Count < share; i++)
        {
            var p = (i + offset) % _options.Partitions;
            if (held.Contains(p) || !await LockAsync(conn, "pg_try_advisory_lock", lockClass, p, ct)) continue;
            held.Add(p);
            var worker = new PartitionWorker(this, p);
            lock (_workers) _workers[p] = worker;
            worker.Start();
            changed = true;
        }
        if (changed) LogPartitions(NodeId, string.Join(",", Partitions.Order()));
    }

    private static async Task<bool> LockAsync(NpgsqlConnection conn, string function, int lockClass, int partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select {function}($1, $2)", conn);
        cmd.Parameters.Add(new() { Value = lockClass, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = partition, NpgsqlDbType = NpgsqlDbType.Integer });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task StopWorkersAsync(IReadOnlyCollection<int> partitions)
    {
        var stopping = new List<PartitionWorker>();
        lock (_workers)
            foreach (var p in partitions)
                if (_workers.Remove(p, out var w)) stopping.Add(w);
        await Task.WhenAll(stopping.Select(w => w.StopAsync()));
    }

    /// <summary>Wakes the workers when another process commits outbox rows (falls back to polling if it fails).</summary>
    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _dataSource.OpenConnectionAsync(stop);
                // A notification names no partition, so it wakes them all: once per 50 ms at most, or a busy
                // writer elsewhere would have every worker querying on every commit.
                var scheduled = 0;
                conn.Notification += (_, _) =>
                {
                    if (Interlocked.Exchange(ref scheduled, 1) == 1) return; // a wake is already on its way
                    _ = Task.Delay(50, stop).ContinueWith(_ =>
                    {
                        Interlocked.Exchange(ref scheduled, 0);
                        Wake();
                    }, TaskScheduler.Default);
                };
                await using (var cmd = new NpgsqlCommand($"listen \"{_options.NotificationChannel}\"", conn)) await cmd.ExecuteNonQueryAsync(stop);
                while (!stop.IsCancellationRequested) await conn.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                try { await Task.Delay(_options.HeartbeatInterval, stop); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
