extern alias host;

using DevToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The real Host in the test process (TestServer), with the same settings as tests/Host.Tests' HostFactory: the test
/// PostgreSQL in a schema of its own, the test broker on an exchange and a queue of its own, a signing key for the
/// tokens minted here, and rate limits no test reaches.
/// </summary>
internal sealed class HostUnderTest(string schema, string exchange, string queue) : WebApplicationFactory<host::Program>
{
    public const string SigningKey = "end-to-end-signing-key-of-at-least-32-characters";
    public const string Tenant = "tenant-e2e";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:EventStore", TestServers.PostgreSql);
        builder.UseSetting("EventStore:Schema", schema);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("ConnectionStrings:RabbitMq", TestServers.RabbitMq);
        builder.UseSetting("Messaging:Exchange", exchange);
        builder.UseSetting("Messaging:Queue", queue);
        builder.UseSetting("RateLimiting:WritesPerSecond", "1000");
        builder.UseSetting("RateLimiting:Burst", "1000");
    }

    /// <summary>An HTTP client acting as <paramref name="user"/> with <paramref name="role"/>, with a token as DevToken mints it.</summary>
    public HttpClient ClientAs(string user, string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            DevTokens.Mint(user, role, Tenant, SigningKey, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        return client;
    }
}
