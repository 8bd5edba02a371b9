using EventStore.Projections;
using NpgsqlTypes;

namespace EventStore.Tests.Projections;

/// <summary>
/// Counts how many times each event was applied (n > 1 would be a duplicate). Hooks let tests slow it down,
/// block it or make it fail.
/// </summary>
public sealed class CountingProjection(string name = "counting") : Projection
{
    public override string Name => name;

    public bool Deserialize { get; set; }

    /// <summary>The stored type names this projection reads; null for all.</summary>
    public IReadOnlyCollection<string>? Types { get; set; }

    public override IReadOnlyCollection<string>? EventTypes => Types;

    public override bool DeserializeEvents => Deserialize;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("applied", "create table {table} (event_id uuid primary key, position bigint not null, stream_id text not null, n int not null)",
            ReadIndexes: "create index on {table} (stream_id, position)"),
    ];

    public Func<ProjectionContext, IReadOnlyList<StoredEvent>, CancellationToken, Task>? BeforeApply { get; set; }

    public Func<StoredEvent, bool>? FailOn { get; set; }

    public PoisonEventPolicy Policy { get; set; } = PoisonEventPolicy.Stop;

    public override PoisonEventPolicy PoisonEventPolicy => Policy;

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        if (BeforeApply is not null) await BeforeApply(context, events, ct);
        if (FailOn is not null && events.FirstOrDefault(FailOn) is { } bad) throw new InvalidOperationException($"Cannot apply event at {bad.Position}");
        await using var cmd = context.Command($"""
            insert into {context.Table("applied")} (event_id, position, stream_id, n)
            select * , 1 from unnest($1::uuid[], $2::bigint[], $3::text[])
            on conflict (event_id) do update set n = {context.Table("applied")}.n + 1
            """);
        cmd.Parameters.Add(new() { Value = events.Select(e => e.EventId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Position).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = events.Select(e => e.StreamId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
