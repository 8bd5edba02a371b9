namespace EventStore.Tests.Infrastructure;

/// <summary>Base for tests: a fresh, migrated store in a schema of its own, dropped afterwards.</summary>
public abstract class StoreTest : IAsyncLifetime
{
    protected StoreTest() => Schema = TestDatabase.NewSchema(GetType().Name);

    protected string Schema { get; }
    protected PostgresEventStore Store { get; private set; } = null!;

    protected virtual void Configure(EventStoreOptions options) { }

    protected PostgresEventStore NewStore(Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { Schema = Schema, Types = TestEvents.Registry() };
        Configure(options);
        configure?.Invoke(options);
        return new PostgresEventStore(TestDatabase.DataSource, options);
    }

    public virtual async Task InitializeAsync()
    {
        Store = NewStore();
        await Store.MigrateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await TestDatabase.DropSchemaAsync(Schema);
    }

    protected static string NewStreamId() => "s-" + Guid.NewGuid().ToString("N");

    protected async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = TestDatabase.DataSource.CreateCommand(sql.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes; never a bare sleep.</summary>
    protected static async Task Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Condition not met in time{(because is null ? "" : ": " + because)}.");
            await Task.Delay(25);
        }
    }
}
