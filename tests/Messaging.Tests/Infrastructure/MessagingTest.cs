using EventStore;
using Messaging.Handlers;
using Messaging.Schema;
using Npgsql;

namespace Messaging.Tests.Infrastructure;

public sealed record Deposit(string Account, decimal Amount);
public sealed record Deposited(string Account, decimal Amount);
public sealed record BalanceChanged(string Account, decimal Balance);
public sealed record Ping(int N, string Key);

/// <summary>A migrated store and messaging schema of this test class's own, dropped afterwards.</summary>
public abstract class MessagingTest : IAsyncLifetime
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    protected static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(EventStore.Hosting.EventStoreServiceCollectionExtensions.WithRecommendedSettings(
        new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 60, CommandTimeout = 120 }.ConnectionString));

    protected MessagingTest()
    {
        var name = $"t_{GetType().Name.ToLowerInvariant()}_{Guid.NewGuid():N}";
        Schema = name[..Math.Min(name.Length, 45)];
    }

    protected string Schema { get; }
    protected PostgresEventStore Store { get; private set; } = null!;

    protected MessagingOptions NewOptions() => new()
    {
        Messages = new EventTypeRegistry().Register<Deposit>("deposit").Register<BalanceChanged>("balance_changed").Register<Ping>("ping"),
        Outbox = new() { Schema = Schema, Partitions = 4, PollInterval = TimeSpan.FromMilliseconds(100), HeartbeatInterval = TimeSpan.FromMilliseconds(300) },
    };

    public virtual async Task InitializeAsync()
    {
        Store = new PostgresEventStore(DataSource, new EventStoreOptions { Schema = Schema, Types = new EventTypeRegistry().Register<Deposited>("deposited") });
        await Store.MigrateAsync();
        await MessagingSchema.MigrateAsync(DataSource, Schema);
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await using var cmd = DataSource.CreateCommand($"drop schema if exists \"{Schema}\" cascade");
        await cmd.ExecuteNonQueryAsync();
    }

    protected async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected static decimal Evolve(decimal balance, object e) => e is Deposited d ? balance + d.Amount : balance;

    /// <summary>The aggregate workflow under test: a deposit appends Deposited and sends BalanceChanged.</summary>
    protected HandlerRegistry AccountHandlers(Func<Deposit, decimal, MessageContext, IReadOnlyList<object>>? decide = null) =>
        new HandlerRegistry().Add(new AggregateHandler<Deposit, decimal>("account", c => c.Account, 0m, Evolve,
            decide ?? ((c, balance, ctx) =>
            {
                ctx.Send(new BalanceChanged(c.Account, balance + c.Amount), orderingKey: c.Account);
                return [new Deposited(c.Account, c.Amount)];
            })));

    protected static async Task Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Condition not met in time{(because is null ? "" : ": " + because)}.");
            await Task.Delay(25);
        }
    }
}
