using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task Migration_runs_concurrently_from_separate_connections_once_and_is_idempotent()
    {
        var schema = TestDatabase.NewSchema("migr");
        try
        {
            var sources = Enumerable.Range(0, 4).Select(_ => TestDatabase.Create(maxPoolSize: 2)).ToArray();
            var stores = sources.Select(ds => new PostgresEventStore(ds, new EventStoreOptions { Schema = schema })).ToArray();
            var applied = await Task.WhenAll(stores.Select(s => s.MigrateAsync()));

            Assert.Single(applied, a => a.Count > 0);
            Assert.Equal([1, 2, 3, 4], applied.Single(a => a.Count > 0));
            Assert.Empty(await stores[0].MigrateAsync());
            await using var cmd = TestDatabase.DataSource.CreateCommand($"select count(*) from \"{schema}\".schema_versions");
            Assert.Equal(4L, await cmd.ExecuteScalarAsync());
            foreach (var s in stores) await s.DisposeAsync();
            foreach (var ds in sources) await ds.DisposeAsync();
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
