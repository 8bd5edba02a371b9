using EventStore.Internal;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Projections;

/// <summary>
/// Projection bookkeeping in SQL: the live generation of each projection, the tables of a generation and the
/// views that point at the live one.
/// </summary>
internal static class ProjectionCatalog
{
    /// <summary>Creates generation 1 (tables, views, progress) the first time a projection is seen; idempotent and race-free.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string schema, Projection projection, CancellationToken ct)
    {
        ValidateName(projection.Name);
        foreach (var table in projection.Tables) ValidateName(table.Name); // generation suffixes must fit PostgreSQL's 63 characters
        var q = SchemaMigrator.Quote(schema);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "select pg_advisory_xact_lock($1, $2)", ct, LockKeys.Hash(schema), LockKeys.Hash("catalog:" + projection.Name));
        await using (var cmd = new NpgsqlCommand($"insert into {q}.projections (name, live_generation) values ($1, 1) on conflict do nothing", conn, tx))
        {
            cmd.Parameters.Add(new() { Value = projection.Name, NpgsqlDbType = NpgsqlDbType.Text });
            if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.CommitAsync(ct);
                return;
            }
        }
        await CreateGenerationAsync(conn, tx, schema, projection, 1, ct);
        await PointViewsAsync(conn, tx, schema, projection, 1, ct);
        await Exec(conn, tx, $"update {q}.projection_progress set state = 'running' where name = $1 and generation = 1", ct, projection.Name);
        await tx.CommitAsync(ct);
    }

    /// <param name="deferReadIndexes">Leave out the tables' <see cref="ProjectionTable.ReadIndexes"/> (a rebuild creates them before its switch).</param>
    public static async Task CreateGenerationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string schema, Projection projection, int generation,
        CancellationToken ct, bool deferReadIndexes = false)
    {
        var q = SchemaMigrator.Quote(schema);
        foreach (var table in projection.Tables)
        {
            var name = ProjectionContext.TableName(schema, table.Name, generation);
            await Exec(conn, tx, $"drop table if exists {name} cascade", ct);
            await Exec(conn, tx, table.Ddl.Replace("{table}", name, StringComparison.Ordinal), ct);
            if (!deferReadIndexes) await CreateReadIndexesAsync(conn, tx, schema, table, generation, ct);
        }
        await Exec(conn, tx, $"""
            insert into {q}.projection_progress (name, generation, state) values ($1, $2, 'building')
            on conflict (name, generation) do update set last_tx = '0', last_position = 0, processed = 0, state = 'building', error = null, updated_at = now()
            """, ct, projection.Name, generation);
    }

    /// <summary>Creates <paramref name="table"/>'s read indexes on its <paramref name="generation"/>.</summary>
    public static async Task CreateReadIndexesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string schema, ProjectionTable table, int generation, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(table.ReadIndexes)) return;
        await Exec(conn, tx, table.ReadIndexes.Replace("{table}", ProjectionContext.TableName(schema, table.Name, generation), StringComparison.Ordinal), ct);
    }

    /// <summary>Points each table's view at <paramref name="generation"/> (drop and create: a rebuilt table may have new columns).</summary>
    public static async Task PointViewsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string schema, Projection projection, int generation, CancellationToken ct)
    {
        foreach (var table in projection.Tables)
        {
            var view = $"{SchemaMigrator.Quote(schema)}.{SchemaMigrator.Quote(table.Name)}";
            await Exec(conn, tx, $"drop view if exists {view}; create view {view} as select * from {ProjectionContext.TableName(schema, table.Name, generation)}", ct);
        }
    }

    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 40 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"Projection name '{name}' must be 1-40 letters, digits or underscores.");
    }

    internal static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
