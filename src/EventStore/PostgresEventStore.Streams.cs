using EventStore.Internal;
using NpgsqlTypes;

namespace EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>What the store knows about a stream; null if it never existed.</summary>
    public async Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken ct = default)
    {
        PreparedAppend.ValidateStreamId(streamId, Options);
        await using var cmd = DataSource.CreateCommand(_sql.StreamInfo);
        cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StreamInfo(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3),
            new DateTimeOffset(r.GetFieldValue<DateTime>(4), TimeSpan.Zero), r.GetBoolean(5), r.GetBoolean(6));
    }

    /// <summary>
    /// Archives a stream: its events stay stored but are left out of default reads and of projections (including
    /// rebuilds). Appending to it is still allowed. Returns false if the stream does not exist or was tombstoned.
    /// </summary>
    public async Task<bool> ArchiveStreamAsync(string streamId, CancellationToken ct = default)
    {
        PreparedAppend.ValidateStreamId(streamId, Options);
        var info = await GetStreamAsync(streamId, ct);
        if (info is null || info.Tombstoned) return false;
        await using var cmd = DataSource.CreateCommand(_sql.Archive);
        cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>
    /// Tombstones a stream: deletes its events and snapshots and keeps a marker row, so the id can never be
    /// written again (a late redelivery cannot resurrect it). Returns false if the stream does not exist.
    /// </summary>
    public async Task<bool> TombstoneStreamAsync(string streamId, CancellationToken ct = default)
    {
        PreparedAppend.ValidateStreamId(streamId, Options);
        if (await GetStreamAsync(streamId, ct) is null) return false;
        await using var cmd = DataSource.CreateCommand(_sql.Tombstone);
        cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
        return true;
    }
}
