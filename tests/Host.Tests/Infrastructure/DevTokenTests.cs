using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DevToken;
using Npgsql;

namespace Host.Tests.Infrastructure;

/// <summary>tools/DevToken mints what the Host accepts, and nothing the Host should refuse.</summary>
public sealed class DevTokenTests : IAsyncLifetime
{
    private readonly string _schema = "t_devtoken_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static readonly object Site = new
    {
        name = "Depot",
        address = new { street = "A 1", postalCode = "1", city = "C", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Ann", phone = "+48 600 000 002" } },
    };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient With(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_minted_token_is_accepted_with_its_user_role_and_tenant()
    {
        using var client = With(DevTokens.Mint("alice", "supervisor", "tenant-dev", Tokens.SigningKey, TimeSpan.FromHours(8), DateTimeOffset.UtcNow));
        var created = await client.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await using var ds = NpgsqlDataSource.Create(HostFactory.TestConnectionString);
        await using var cmd = ds.CreateCommand($"select user_id, tenant from \"{_schema}\".events where stream_id = $1");
        cmd.Parameters.Add(new() { Value = id });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("alice", "tenant-dev"), (r.GetString(0), r.GetString(1)));

        using var operatorClient = With(DevTokens.Mint("olga", "operator", "tenant-dev", Tokens.SigningKey, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/sites", Site)).StatusCode); // the role is read as a role
    }

    [Fact]
    public async Task Expired_wrongly_signed_or_foreign_tokens_are_401()
    {
        var now = DateTimeOffset.UtcNow;
        string[] refused =
        [
            DevTokens.Mint("alice", "supervisor", "tenant-dev", Tokens.SigningKey, TimeSpan.FromHours(1), now.AddHours(-3)),
            DevTokens.Mint("alice", "supervisor", "tenant-dev", "another-key-that-is-at-least-32-characters", TimeSpan.FromHours(1), now),
            DevTokens.Mint("alice", "supervisor", "tenant-dev", Tokens.SigningKey, TimeSpan.FromHours(1), now, issuer: "someone-else"),
            DevTokens.Mint("alice", "supervisor", "tenant-dev", Tokens.SigningKey, TimeSpan.FromHours(1), now, audience: "someone-else"),
        ];
        foreach (var token in refused)
        {
            using var client = With(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/sites", Site)).StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
