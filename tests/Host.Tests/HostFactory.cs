using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Host.Tests;

/// <summary>The real Host over HTTP (TestServer), on the test PostgreSQL, in a schema of its own.</summary>
/// <param name="settings">More configuration, e.g. the alarm policy's deadlines.</param>
public sealed class HostFactory(string connectionString, string schema, string? rabbitMq = null, int writesPerSecond = 1000,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public static string TestRabbitMq { get; } =
        Environment.GetEnvironmentVariable("ES_RABBIT") ?? "amqp://guest:guest@127.0.0.1:55672/";

    public static string TestConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    /// <summary>Each test class works in a schema of its own and drops it at the end.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        await using var ds = Npgsql.NpgsqlDataSource.Create(TestConnectionString);
        await using var cmd = ds.CreateCommand($"drop schema if exists \"{schema}\" cascade");
        await cmd.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:EventStore", connectionString);
        builder.UseSetting("EventStore:Schema", schema);
        builder.UseSetting("Auth:SigningKey", Tokens.SigningKey);
        if (rabbitMq is not null) builder.UseSetting("ConnectionStrings:RabbitMq", rabbitMq);
        builder.UseSetting("RateLimiting:WritesPerSecond", writesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:Burst", writesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }
}
