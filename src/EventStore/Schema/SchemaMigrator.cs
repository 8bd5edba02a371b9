using EventStore.Internal;
using Npgsql;

namespace EventStore.Schema;

/// <summary>
/// Creates and migrates the store's schema. Idempotent, and serialised across processes by a transaction-scoped
/// advisory lock keyed on the schema name, so two hosts starting at once do not collide.
/// </summary>
public static class SchemaMigrator
{
    private const int MigrationLockClass = 0x45534D47; // "ESMG"

    internal static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct) =>
        MigrateAsync(dataSource, schema, "eventstore", Migrations.All, ct);

    /// <summary>
    /// Applies a module's steps not yet recorded in <c>schema_versions</c>. Other libraries (messaging) keep their
    /// own numbered steps under their own module name in the same schema.
    /// </summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, string module, IReadOnlyList<Migrations.Step> steps, CancellationToken ct)
    {
        new EventStoreOptions { Schema = schema }.Validate(); // the name is spliced into SQL: same rule as the store's
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1, $2)", conn, tx))
        {
            lockCmd.Parameters.Add(new() { Value = MigrationLockClass });
            lockCmd.Parameters.Add(new() { Value = LockKeys.Hash(schema) });
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        // One lock per schema for every module: modules may depend on each other's tables.

        var q = Quote(schema);
        await Execute(conn, tx, $"""
            create schema if not exists {q};
            create table if not exists {q}.schema_versions (
                module      text not null,
                version     int not null,
                description text not null,
                applied_at  timestamptz not null default now(),
                primary key (module, version));
            """, ct);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"select version from {q}.schema_versions where module = $1", conn, tx))
        {
            read.Parameters.Add(new() { Value = module });
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0));
        }

        var now = new List<int>();
        foreach (var step in steps.Where(s => !applied.Contains(s.Version)))
        {
            await Execute(conn, tx, step.Sql.Replace("{schema}", q, StringComparison.Ordinal), ct);
            await using var record = new NpgsqlCommand($"insert into {q}.schema_versions (module, version, description) values ($1, $2, $3)", conn, tx);
            record.Parameters.Add(new() { Value = module });
            record.Parameters.Add(new() { Value = step.Version });
            record.Parameters.Add(new() { Value = step.Description });
            await record.ExecuteNonQueryAsync(ct);
            now.Add(step.Version);
        }
        await tx.CommitAsync(ct);
        return now;
    }

    /// <summary>The schema name is validated by <see cref="EventStoreOptions"/>; quoting keeps case as given.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
