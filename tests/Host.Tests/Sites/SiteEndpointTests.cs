using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Host.Tests.Sites;

public sealed class SiteEndpointTests : IAsyncLifetime
{
    private readonly string _schema = "t_sites_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static readonly object Body = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
        notes = "key at the gate",
    };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient Client(string role = "supervisor", string tenant = "tenant-a", string user = "sue") =>
        _factory.CreateClient().As(user, role, tenant);

    private async Task<(string Id, string ETag)> RegisterAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/sites", Body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/sites/{id}", response.Headers.Location!.ToString());
        return (id, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_supervisor_registers_reads_changes_and_decommissions_a_site_with_versions_as_etags()
    {
        using var client = Client();
        var (id, etag) = await RegisterAsync(client);
        Assert.Equal("\"1\"", etag);

        var get = await client.GetAsync($"/api/sites/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var site = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Warehouse North", site.GetProperty("name").GetString());

        var change = new HttpRequestMessage(HttpMethod.Put, $"/api/sites/{id}") { Content = JsonContent.Create(Body) };
        change.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var changed = await client.SendAsync(change);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode); // same details: already satisfied, no new version
        Assert.Equal("\"1\"", changed.Headers.ETag!.Tag);

        var decommission = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{id}/decommission") { Content = JsonContent.Create(new { reason = "contract ended" }) };
        decommission.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(decommission)).StatusCode);

        // who did it, from which request, is in the event's metadata
        await using var ds = NpgsqlDataSource.Create(HostFactory.TestConnectionString);
        await using var cmd = ds.CreateCommand($"select user_id, tenant, causation_id is not null from \"{_schema}\".events where stream_id = $1 and version = 2");
        cmd.Parameters.Add(new() { Value = id });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("sue", "tenant-a", true), (r.GetString(0), r.GetString(1), r.GetBoolean(2)));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_with_the_current_version()
    {
        using var client = Client();
        var (id, _) = await RegisterAsync(client);
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{id}/decommission") { Content = JsonContent.Create(new { reason = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var response = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.True(response.Headers.ETag is not null, string.Join("; ", response.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))));
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_refused_command_is_409_problem_details()
    {
        using var client = Client();
        var (id, _) = await RegisterAsync(client);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/sites/{id}/decommission", new { reason = "done" })).StatusCode);
        var response = await client.PutAsJsonAsync($"/api/sites/{id}", Body);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("decommissioned", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_without_a_token_are_401_and_by_the_wrong_role_403()
    {
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/sites", Body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/sites/site-x", Body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/sites/site-x/decommission", new { reason = "x" })).StatusCode);
        using var auditor = Client(role: "auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/sites", Body)).StatusCode);
        using var op = Client(role: "operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PutAsJsonAsync("/api/sites/site-x", Body)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_site_is_not_found()
    {
        using var a = Client(tenant: "tenant-a");
        var (id, _) = await RegisterAsync(a);
        using var b = Client(tenant: "tenant-b");
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/sites/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsJsonAsync($"/api/sites/{id}/decommission", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/sites/site-does-not-exist")).StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_and_bad_if_match_are_400_and_write_nothing()
    {
        using var client = Client();
        var malformed = await client.PostAsync("/api/sites", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var (id, _) = await RegisterAsync(client);
        var badIfMatch = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{id}/decommission") { Content = JsonContent.Create(new { reason = "x" }) };
        badIfMatch.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(badIfMatch)).StatusCode);
        var noName = await client.PostAsJsonAsync("/api/sites", new { name = "", address = (object?)null, contacts = Array.Empty<object>() });
        Assert.True(noName.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, noName.StatusCode.ToString());
        Assert.Equal("Active", (await (await client.GetAsync($"/api/sites/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_admin_manages_sites_like_a_supervisor()
    {
        using var admin = Client(role: "admin", user: "adam");
        var (id, _) = await RegisterAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/sites/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/sites/{id}/decommission", new { reason = "moved" })).StatusCode);
    }

    [Fact]
    public async Task An_unknown_field_is_400_naming_it_and_writes_nothing()
    {
        const string tenant = "tenant-strict";
        using var client = Client(tenant: tenant);
        var withExtra = new { name = "Depot", address = new { street = "A 1", postalCode = "1", city = "C", country = "PL" }, contacts = Array.Empty<object>(), notez = "typo" };
        var nestedExtra = new { name = "Depot", address = new { street = "A 1", postalCode = "1", city = "C", country = "PL", floor = 2 }, contacts = Array.Empty<object>() };
        foreach (var (body, field) in new (object, string)[] { (withExtra, "notez"), (nestedExtra, "floor") })
        {
            var response = await client.PostAsJsonAsync("/api/sites", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.EndsWith(field, problem.GetProperty("path").GetString(), StringComparison.Ordinal);
        }
        await using var ds = NpgsqlDataSource.Create(HostFactory.TestConnectionString);
        await using var cmd = ds.CreateCommand($"select count(*) from \"{_schema}\".events where tenant = $1");
        cmd.Parameters.Add(new() { Value = tenant });
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
        // the same body without the stray field is fine: it was the field that was refused
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/sites", Body)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
