using System.Text.Json;
using NpgsqlTypes;

namespace EventStore;

/// <summary>An optional snapshot for <see cref="PostgresEventStore.AggregateAsync{TState}"/>: an optimisation only.</summary>
/// <param name="Name">Names the state's shape (e.g. <c>panel_state_v2</c>): change it when the state type changes, and old snapshots are ignored.</param>
/// <param name="Every">Write a new snapshot when at least this many events were folded past the last one.</param>
public sealed record SnapshotPolicy(string Name, int Every = 100);

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Folds <paramref name="evolve"/> over the stream from <paramref name="initial"/>, up to
    /// <paramref name="asOfVersion"/> (default: the end). With a <paramref name="snapshot"/> policy it starts
    /// from the latest snapshot at or below that version and may store a new one; the result is the same either way.
    /// </summary>
    public Task<Aggregate<TState>> AggregateAsync<TState>(string streamId, TState initial, Func<TState, object, TState> evolve,
        long asOfVersion = long.MaxValue, SnapshotPolicy? snapshot = null, CancellationToken ct = default) =>
        AggregateCoreAsync(null, null, streamId, initial, evolve, asOfVersion, snapshot, ct);

    internal async Task<Aggregate<TState>> AggregateCoreAsync<TState>(Npgsql.NpgsqlConnection? session, Npgsql.NpgsqlTransaction? tx, string streamId, TState initial,
        Func<TState, object, TState> evolve, long asOfVersion, SnapshotPolicy? snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        ArgumentOutOfRangeException.ThrowIfNegative(asOfVersion);
        var state = initial;
        long version = 0;
        if (snapshot is not null && await LoadSnapshotAsync<TState>(streamId, snapshot.Name, asOfVersion, ct) is { } loaded)
            (state, version) = (loaded.State, loaded.Version);

        var folded = 0;
        if (asOfVersion > version)
        {
            var max = asOfVersion == long.MaxValue ? int.MaxValue : (int)Math.Min(asOfVersion - version, int.MaxValue);
            await foreach (var e in ReadStreamCoreAsync(session, tx, streamId, forward: true, version + 1, max, ReadOptions.Default with { IncludeArchived = true }, ct))
            {
                state = evolve(state, e.Data!);
                version = e.StreamVersion;
                folded++;
            }
        }

        if (snapshot is not null && folded >= snapshot.Every)
            await SaveSnapshotAsync(streamId, snapshot.Name, version, state, ct);
        return new Aggregate<TState>(state, version);
    }

    private async Task<Aggregate<TState>?> LoadSnapshotAsync<TState>(string streamId, string name, long maxVersion, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.LoadSnapshot);
        cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = maxVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var state = JsonSerializer.Deserialize<TState>(r.GetString(1), Options.Json)!;
        return new Aggregate<TState>(state, r.GetInt64(0));
    }

    private async Task SaveSnapshotAsync<TState>(string streamId, string name, long version, TState state, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.SaveSnapshot);
        cmd.Parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = version, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(state, Options.Json), NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
