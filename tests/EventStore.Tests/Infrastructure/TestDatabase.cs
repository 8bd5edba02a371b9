using Npgsql;

namespace EventStore.Tests.Infrastructure;

/// <summary>The PostgreSQL cluster started by test.sh (ES_PG), shared by all tests; each test class works in its own schema.</summary>
public static class TestDatabase
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => Create());

    public static NpgsqlDataSource DataSource => Shared.Value;

    public static NpgsqlDataSource Create(int maxPoolSize = 50) =>
        new NpgsqlDataSourceBuilder(EventStore.Hosting.EventStoreServiceCollectionExtensions.WithRecommendedSettings(
            new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = maxPoolSize, Timeout = 30, CommandTimeout = 120 }.ConnectionString)).Build();

    public static string NewSchema(string prefix)
    {
        var name = $"t_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}";
        return name[..Math.Min(name.Length, 45)];
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var cmd = DataSource.CreateCommand($"drop schema if exists \"{schema}\" cascade");
        await cmd.ExecuteNonQueryAsync();
    }
}
