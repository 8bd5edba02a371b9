using EventStore;
using Messaging.Schema;
using Npgsql;
using PanelIngest.Storage;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// A schema of the test class's own on the test PostgreSQL (scripts/servers.sh), with the store's, messaging's and
/// the ingest's tables; dropped afterwards.
/// </summary>
public abstract class IngestDatabase : IAsyncLifetime
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    public static string RabbitMq { get; } = Environment.GetEnvironmentVariable("ES_RABBIT") ?? "amqp://guest:guest@127.0.0.1:55672/";

    protected static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 50 }.ConnectionString);

    protected IngestDatabase()
    {
        var name = $"i_{GetType().Name.ToLowerInvariant()}_{Guid.NewGuid():N}";
        Schema = name[..Math.Min(name.Length, 45)];
    }

    protected string Schema { get; }

    protected PostgresEventStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var types = new EventTypeRegistry();
        foreach (var (type, name) in Domain.DomainEventTypes.All) types.Register(type, name);
        Store = new PostgresEventStore(DataSource, new EventStoreOptions { Schema = Schema, Types = types });
        await Store.MigrateAsync();
        await MessagingSchema.MigrateAsync(DataSource, Schema);
        await IngestSchema.MigrateAsync(DataSource, Schema);
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await using var cmd = DataSource.CreateCommand($"drop schema if exists \"{Schema}\" cascade");
        await cmd.ExecuteNonQueryAsync();
    }

    protected async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal));
        foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The outbox rows of one ordering key (a panel), in the order the relay would publish them.</summary>
    protected async Task<List<(string Type, string Body)>> OutboxAsync(string orderingKey)
    {
        await using var cmd = DataSource.CreateCommand($"select message_type, convert_from(body, 'UTF8') from \"{Schema}\".outbox where ordering_key = $1 order by tx_id, id");
        cmd.Parameters.Add(new() { Value = orderingKey });
        var rows = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1)));
        return rows;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most <paramref name="seconds"/>.</summary>
    protected static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
