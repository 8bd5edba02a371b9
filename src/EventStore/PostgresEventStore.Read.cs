using System.Runtime.CompilerServices;
using System.Text.Json;
using EventStore.Internal;
using Npgsql;
using NpgsqlTypes;

namespace EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>Reads a stream forward from <paramref name="fromVersion"/> (1 = the start), streaming rows as they arrive.</summary>
    /// <exception cref="StreamDeletedException">The stream was tombstoned.</exception>
    public IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, long fromVersion = 1, int maxCount = int.MaxValue, ReadOptions? options = null, CancellationToken ct = default) =>
        ReadStreamCoreAsync(streamId, forward: true, fromVersion, maxCount, options ?? ReadOptions.Default, ct);

    /// <summary>Reads a stream backward from <paramref name="fromVersion"/> (long.MaxValue = the end).</summary>
    public IAsyncEnumerable<StoredEvent> ReadStreamBackwardAsync(string streamId, long fromVersion = long.MaxValue, int maxCount = int.MaxValue, ReadOptions? options = null, CancellationToken ct = default) =>
        ReadStreamCoreAsync(streamId, forward: false, fromVersion, maxCount, options ?? ReadOptions.Default, ct);

    /// <summary>The stream as it was at <paramref name="version"/>: its events 1..version.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsOfAsync(string streamId, long version, ReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        var list = new List<StoredEvent>();
        if (version == 0) return list;
        await foreach (var e in ReadStreamAsync(streamId, 1, (int)Math.Min(version, int.MaxValue), options, ct)) list.Add(e);
        return list;
    }

    /// <summary>
    /// The stream as it was at <paramref name="time"/>: its events in version order up to the first appended after
    /// that time (timestamps come from the appending processes' clocks).
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsOfAsync(string streamId, DateTimeOffset time, ReadOptions? options = null, CancellationToken ct = default)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in ReadStreamAsync(streamId, 1, int.MaxValue, options, ct))
        {
            if (e.Timestamp > time) break;
            list.Add(e);
        }
        return list;
    }

    /// <summary>
    /// The whole log forward from after <paramref name="fromPosition"/>, in position order, in pages of
    /// <paramref name="batchSize"/> (constant memory). This reads what is committed now; a transaction still in
    /// flight may later fill a lower position, so tail the log with a projection, not with this.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromPosition = 0, int batchSize = 1000, ReadOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        options ??= ReadOptions.Default;
        var after = fromPosition;
        while (true)
        {
            var page = new List<StoredEvent>(batchSize);
            var rows = 0;
            await using (var cmd = DataSource.CreateCommand(_sql.ReadAll))
            {
                cmd.Parameters.Add(new() { Value = after, NpgsqlDbType = NpgsqlDbType.Bigint });
                cmd.Parameters.Add(new() { Value = batchSize, NpgsqlDbType = NpgsqlDbType.Integer });
                cmd.Parameters.Add(new() { Value = options.IncludeArchived, NpgsqlDbType = NpgsqlDbType.Boolean });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    rows++;
                    after = r.GetInt64(0);
                    if (ReadEvent(r, options) is { } e) page.Add(e);
                }
            }
            foreach (var e in page) yield return e;
            if (rows < batchSize) yield break;
        }
    }

    private IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(string streamId, bool forward, long fromVersion, int maxCount, ReadOptions options, CancellationToken ct) =>
        ReadStreamCoreAsync(null, null, streamId, forward, fromVersion, maxCount, options, ct);

    /// <summary>Reads on <paramref name="session"/>'s connection and transaction (or a pooled connection when null).</summary>
    internal async IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(NpgsqlConnection? session, NpgsqlTransaction? tx, string streamId, bool forward, long fromVersion, int maxCount,
        ReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        PreparedAppend.ValidateStreamId(streamId, Options);
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var any = false;
        var owned = session is null ? await DataSource.OpenConnectionAsync(ct) : null;
        await using (owned)
        await using (var cmd = new NpgsqlCommand(forward ? _sql.ReadForward : _sql.ReadBackward, session ?? owned, tx))
        {
            cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = fromVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = (long)maxCount, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = options.IncludeArchived, NpgsqlDbType = NpgsqlDbType.Boolean });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                any = true;
                if (ReadEvent(r, options) is { } e) yield return e;
            }
        }
        if (!any && (await GetStreamAsync(streamId, ct))?.Tombstoned == true) throw new StreamDeletedException(streamId);
    }

    /// <summary>Maps a row in <see cref="Sql.Columns"/> order; null when the type is unknown and the caller skips those.</summary>
    internal StoredEvent? ReadEvent(NpgsqlDataReader r, ReadOptions options)
    {
        var position = r.GetInt64(0);
        var streamId = r.GetString(1);
        var type = r.GetString(4);
        var json = r.GetString(5);
        object? data = null;
        if (options.Deserialize)
        {
            try
            {
                if (!Options.Types.TryRead(type, json, Options.Json, out data))
                {
                    if (options.SkipUnknownTypes) return null;
                    if (!options.UnknownTypesAsRaw) throw new UnknownEventTypeException(type, position, streamId);
                }
            }
            catch (JsonException e)
            {
                throw new EventDeserializationException(type, position, e);
            }
        }
        var headers = r.IsDBNull(10) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(10));
        var metadata = new EventMetadata(
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), headers);
        return new StoredEvent(position, streamId, r.GetInt64(2), r.GetGuid(3), type, data, json, metadata,
            new DateTimeOffset(r.GetFieldValue<DateTime>(11), TimeSpan.Zero), r.GetFieldValue<ulong>(12));
    }
}
