using Npgsql;

namespace Deploy.Tests.Backups;

/// <summary>
/// What a schema holds, relation by relation (tables and views, so the read models' views too): the row count and a
/// digest of every row's text, sorted, so two copies compare row for row whatever their physical order; and the
/// values of its sequences (the events' positions continue where they were).
/// </summary>
internal sealed record StoreSnapshot(IReadOnlyDictionary<string, (long Rows, string Digest)> Relations, IReadOnlyDictionary<string, long> Sequences)
{
    public static async Task<StoreSnapshot> TakeAsync(string connectionString, string schema)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        var relations = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var name in await NamesAsync(ds, "select table_name from information_schema.tables where table_schema = $1", schema))
        {
            // Names come from the catalogue, quoted: nothing from input is concatenated.
            await using var cmd = ds.CreateCommand($"""
                select count(*), coalesce(md5(string_agg(r::text, E'\n' order by r::text)), '')
                from "{schema}"."{name}" r
                """);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            relations[name] = (reader.GetInt64(0), reader.GetString(1));
        }
        var sequences = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in await NamesAsync(ds, "select sequence_name from information_schema.sequences where sequence_schema = $1", schema))
        {
            await using var cmd = ds.CreateCommand($"""select case when is_called then last_value else 0 end from "{schema}"."{name}" """);
            sequences[name] = (long)(await cmd.ExecuteScalarAsync())!;
        }
        return new StoreSnapshot(relations, sequences);
    }

    private static async Task<List<string>> NamesAsync(NpgsqlDataSource ds, string sql, string schema)
    {
        await using var cmd = ds.CreateCommand(sql);
        cmd.Parameters.AddWithValue(schema);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
