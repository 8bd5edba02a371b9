using EventStore;
using EventStore.Projections;
using NpgsqlTypes;

namespace Bench;

/// <summary>
/// One row per stream (event count, last position): one set-based upsert per batch. Raw JSON only
/// (<see cref="DeserializeEvents"/> false), so the figures measure the daemon's machinery, not JSON parsing.
/// </summary>
public sealed class StreamCountsProjection(string name) : Projection
{
    public override string Name => name;

    public override bool DeserializeEvents => false;

    public string TableName => $"{name}_streams";

    public override IReadOnlyList<ProjectionTable> Tables =>
    [
        new(TableName, "create table {table} (stream_id text primary key, count bigint not null, last_position bigint not null)"),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var streams = new string[events.Count];
        var positions = new long[events.Count];
        for (var i = 0; i < events.Count; i++) (streams[i], positions[i]) = (events[i].StreamId, events[i].Position);
        var table = context.Table(TableName);
        // group by: ON CONFLICT DO UPDATE may touch a row only once per statement.
        await using var cmd = context.Command($"""
            insert into {table} (stream_id, count, last_position)
            select stream_id, count(*), max(position) from unnest($1::text[], $2::bigint[]) as u(stream_id, position) group by stream_id
            on conflict (stream_id) do update
              set count = {table}.count + excluded.count, last_position = greatest({table}.last_position, excluded.last_position)
            """);
        cmd.Parameters.Add(new() { Value = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
