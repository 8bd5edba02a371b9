using Npgsql;

namespace Bench.Ingest;

/// <summary>
/// One <c>panel_event_recorded</c> in the store. <see cref="AppendedAt"/> is the event's timestamp (the Host's clock at
/// the append, just before its commit). <see cref="SentAt"/> is when the ingest wrote the <c>PanelEventRead</c> to its
/// outbox: the event's causation id is that message's id, a UUID v7 made by the ingest at the send, whose first 48
/// bits are Unix milliseconds (null if the causation id is not one).
/// </summary>
public readonly record struct StoredRecord(string PanelId, string Index, int Code, bool Restore, string PanelTime, DateTimeOffset AppendedAt, DateTimeOffset? SentAt)
{
    public static DateTimeOffset? TimeOfVersion7(string? id) =>
        Guid.TryParse(id, out var guid) && guid.Version == 7
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(guid.ToString("N")[..12], 16))
            : null;
}

/// <summary>Reads what the Host recorded in the bench schema (the events table directly: this is a measurement, not a reader of the model).</summary>
public sealed class StoredRecords(NpgsqlDataSource dataSource, string schema)
{
    // The schema is the bench's own constant (bench/run.sh), checked to be a plain identifier at start.
    private readonly string events = $"\"{schema}\".events";

    public async Task<IReadOnlyList<StoredRecord>> ReadAsync()
    {
        var list = new List<StoredRecord>();
        await using var cmd = dataSource.CreateCommand($"""
            select stream_id, data->>'eventLogIndex', (data->>'eventCode')::int, (data->>'restore')::boolean, data->>'panelTime', timestamp, causation_id
            from {events} where type = 'panel_event_recorded'
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add(new(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetBoolean(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
                StoredRecord.TimeOfVersion7(r.IsDBNull(6) ? null : r.GetString(6))));
        return list;
    }

    private readonly HashSet<(string Panel, string Index)> _counted = [];
    private string _counterHorizon = "0";

    /// <summary>
    /// How many distinct panel records are stored (a record stored twice counts once). Incremental: each call reads
    /// only the rows of transactions that finished since the last call (transaction ids from the previous horizon to
    /// the current snapshot's xmin, all final), where a count over the whole table cost 0.3 s of PostgreSQL per call
    /// at 30,000 records, four times a second while draining: a core of the database spent on measuring.
    /// </summary>
    public async Task<long> CountDistinctAsync()
    {
        string horizon;
        await using (var xmin = dataSource.CreateCommand("select pg_snapshot_xmin(pg_current_snapshot())::text"))
            horizon = (string)(await xmin.ExecuteScalarAsync())!;
        await using var cmd = dataSource.CreateCommand($"""
            select stream_id, data->>'eventLogIndex' from {events}
            where type = 'panel_event_recorded' and tx_id >= $1::text::xid8 and tx_id < $2::text::xid8
            """);
        cmd.Parameters.Add(new() { Value = _counterHorizon });
        cmd.Parameters.Add(new() { Value = horizon });
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) _counted.Add((r.GetString(0), r.GetString(1)));
        _counterHorizon = horizon;
        return _counted.Count;
    }

    /// <summary>How many panels the Host recorded as connected (the ingest reached them and the message went all the way).</summary>
    public Task<long> ConnectedPanelsAsync() => ScalarAsync($"select count(distinct stream_id) from {events} where type = 'panel_connected'");

    /// <summary>Rows of the ingest's leases and of the Host's panel directory (0 while the table does not exist yet).</summary>
    public async Task<(long Directory, long Leases)> OwnershipAsync() =>
        (await ScalarOrZeroAsync($"select count(*) from \"{schema}\".panel_directory"), await ScalarOrZeroAsync($"select count(*) from \"{schema}\".ingest_leases"));

    /// <summary>Messages the Host's consumer gave up on (a refusal would show here as a missing record).</summary>
    public Task<long> DeadLettersAsync() => ScalarOrZeroAsync($"select count(*) from \"{schema}\".dead_letters");

    /// <summary>Rows due and still waiting in the outbox (both processes' relays share it; escalations scheduled for later are not counted).</summary>
    public Task<long> OutboxAsync() => ScalarOrZeroAsync($"select count(*) from \"{schema}\".outbox where deliver_at is null or deliver_at <= now()");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> ScalarOrZeroAsync(string sql)
    {
        try
        {
            return await ScalarAsync(sql);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
