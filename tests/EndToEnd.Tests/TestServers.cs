namespace EndToEnd.Tests;

/// <summary>
/// The PostgreSQL and RabbitMQ started by scripts/servers.sh (ES_PG, ES_RABBIT), and the names one test class works
/// under: its own schema, exchange and queues, so classes never see each other's messages or rows.
/// </summary>
internal static class TestServers
{
    public static string PostgreSql { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    public static string RabbitMq { get; } =
        Environment.GetEnvironmentVariable("ES_RABBIT") ?? "amqp://guest:guest@127.0.0.1:55672/";

    /// <summary>A fresh schema name for <paramref name="testClass"/> (PostgreSQL identifiers stop at 63 bytes).</summary>
    public static string NewSchema(string testClass) => $"e2e_{testClass.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
}
