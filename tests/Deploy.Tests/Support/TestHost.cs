using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Deploy.Tests.Support;

/// <summary>
/// The real Host in-process (TestServer) on the test PostgreSQL, in a schema of its own; with <paramref name="logs"/>,
/// what it logs is captured there too.
/// </summary>
public sealed class TestHost(string schema, IReadOnlyDictionary<string, string>? settings = null, CapturedLogs? logs = null) : WebApplicationFactory<Program>
{
    private const string SigningKey = "deploy-tests-signing-key-of-at-least-32-characters";

    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    /// <summary>The reporting replica of scripts/servers.sh, or null when the environment names none.</summary>
    public static string? ReplicaConnectionString { get; } = Environment.GetEnvironmentVariable("ES_PG_REPLICA");

    public string Schema { get; } = schema;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:EventStore", ConnectionString);
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("RateLimiting:WritesPerSecond", "1000");
        builder.UseSetting("RateLimiting:Burst", "1000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        // Applied when the Host is built, after Program replaced the providers with Serilog's: both get every entry.
        if (logs is not null) builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }

    public HttpClient ClientAs(string user, string role, string tenant)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(user, role, tenant));
        return client;
    }

    /// <summary>The Auth:SigningKey every test Host gets (for Hosts run as processes).</summary>
    public static string TestSigningKey => SigningKey;

    /// <summary>A bearer token the test Hosts accept.</summary>
    public static string TokenFor(string user, string role, string tenant) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "alarm-monitoring",
            Audience = "alarm-monitoring",
            Subject = new ClaimsIdentity([new Claim("sub", user), new Claim("role", role), new Claim("tenant", tenant)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    public static async Task DropSchemaAsync(string schema)
    {
        await using var ds = NpgsqlDataSource.Create(ConnectionString);
        await using var cmd = ds.CreateCommand($"drop schema if exists \"{schema}\" cascade");
        await cmd.ExecuteNonQueryAsync();
    }
}
