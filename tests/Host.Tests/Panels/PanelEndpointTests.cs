using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Domain.Panels;
using EventStore;
using Npgsql;

namespace Host.Tests.Panels;

public sealed class PanelEndpointTests : IAsyncLifetime
{
    private readonly string _schema = "t_panels_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    private static object Panel(string siteId, string model = "Integra64", int port = 7094) => new
    {
        siteId,
        model,
        host = "10.0.0.5",
        port,
        partitions = new[] { new { number = 1, name = "Office" }, new { number = 2, name = "Store" } },
        zones = new[] { new { number = 1, name = "Door", partition = 1 }, new { number = 2, name = "PIR", partition = 2 } },
        integrationKeyRef = "vault:panels/warehouse-north",
    };

    private static readonly object Arm = new { action = "Arm", mode = "Full", partitions = new[] { 1 } };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient Client(string role = "supervisor", string tenant = "tenant-a", string user = "sue") =>
        _factory.CreateClient().As(user, role, tenant);

    private static async Task<string> RegisterSiteAsync(HttpClient supervisor)
    {
        var response = await supervisor.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<string> RegisterPanelAsync(HttpClient supervisor)
    {
        var siteId = await RegisterSiteAsync(supervisor);
        var response = await supervisor.PostAsJsonAsync("/api/panels", Panel(siteId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.StartsWith("panel-", id, StringComparison.Ordinal);
        Assert.Equal($"/api/panels/{id}", response.Headers.Location!.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        return id;
    }

    /// <summary>The ingest reports the panel connected; there is no endpoint for that, so the fact is appended.</summary>
    private Task ConnectAsync(string panelId) =>
        _factory.Services.GetRequiredService<PostgresEventStore>().AppendAsync(panelId, "panel", ExpectedVersion.Exact(1), new PanelConnected(panelId, DateTimeOffset.UtcNow));

    private static HttpRequestMessage With(HttpMethod method, string uri, object body, string? ifMatch)
    {
        var message = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return message;
    }

    [Fact]
    public async Task A_supervisor_registers_a_panel_reads_it_and_changes_its_connection_with_versions_as_etags()
    {
        using var client = Client();
        var id = await RegisterPanelAsync(client);

        var get = await client.GetAsync($"/api/panels/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var panel = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Integra64", panel.GetProperty("model").GetString());
        Assert.Equal("NeverConnected", panel.GetProperty("connection").GetString());
        Assert.Equal(["Office", "Store"], panel.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(2, panel.GetProperty("zones").GetArrayLength());
        Assert.Equal(0, panel.GetProperty("armedPartitions").GetArrayLength());
        Assert.Equal(0, panel.GetProperty("violatedZones").GetArrayLength());

        var change = await client.SendAsync(With(HttpMethod.Put, $"/api/panels/{id}/connection", new { host = "10.0.0.6", port = 7095, integrationKeyRef = (string?)null }, "\"1\""));
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal("\"2\"", change.Headers.ETag!.Tag);
        var again = await client.SendAsync(With(HttpMethod.Put, $"/api/panels/{id}/connection", new { host = "10.0.0.6", port = 7095 }, "\"2\""));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode); // already satisfied: no new version
        Assert.Equal("\"2\"", again.Headers.ETag!.Tag);

        var changed = await client.GetAsync($"/api/panels/{id}");
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("10.0.0.6", 7095, JsonValueKind.Null), (body.GetProperty("host").GetString(), body.GetProperty("port").GetInt32(), body.GetProperty("integrationKeyRef").ValueKind));
    }

    [Fact]
    public async Task An_operator_requests_control_of_a_connected_panel_and_gets_202_with_the_request_id()
    {
        using var supervisor = Client();
        var id = await RegisterPanelAsync(supervisor);
        await ConnectAsync(id);
        using var op = Client(role: "operator", user: "olga");

        var response = await op.SendAsync(With(HttpMethod.Post, $"/api/panels/{id}/control", new { action = "Arm", mode = "Full", partitions = new[] { 2, 1 }, requestId = "req-1" }, "\"2\""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("\"3\"", response.Headers.ETag!.Tag);
        Assert.Equal("req-1", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString());

        var retried = await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Arm", mode = "Full", partitions = new[] { 1, 2 }, requestId = "req-1" });
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode); // the same request again is made once
        Assert.Equal("\"3\"", retried.Headers.ETag!.Tag);

        var generated = await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Disarm", partitions = new[] { 1 } });
        Assert.Equal(HttpStatusCode.Accepted, generated.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()));

        var panel = await (await op.GetAsync($"/api/panels/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Connected", panel.GetProperty("connection").GetString());
        var first = panel.GetProperty("controlRequests").EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == "req-1");
        Assert.Equal(("olga", "Arm", "Full", JsonValueKind.Null), (first.GetProperty("operatorId").GetString(), first.GetProperty("action").GetString(),
            first.GetProperty("mode").GetString(), first.GetProperty("result").ValueKind));
        Assert.Equal([1, 2], first.GetProperty("partitions").EnumerateArray().Select(p => p.GetInt32()));
    }

    [Fact]
    public async Task A_supervisor_decommissions_a_panel_which_then_shows_it_and_takes_no_control_or_settings()
    {
        using var supervisor = Client();
        var id = await RegisterPanelAsync(supervisor);
        await ConnectAsync(id);
        using var op = Client(role: "operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync($"/api/panels/{id}/decommission", new { reason = "Replaced" })).StatusCode);

        var stale = await supervisor.SendAsync(With(HttpMethod.Post, $"/api/panels/{id}/decommission", new { reason = "Replaced" }, "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var done = await supervisor.SendAsync(With(HttpMethod.Post, $"/api/panels/{id}/decommission", new { reason = "Replaced" }, "\"2\""));
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Equal("\"3\"", done.Headers.ETag!.Tag);
        var again = await supervisor.PostAsJsonAsync($"/api/panels/{id}/decommission", new { reason = "Replaced" });
        Assert.Equal(("\"3\"", HttpStatusCode.NoContent), (again.Headers.ETag!.Tag, again.StatusCode));

        var panel = await op.GetFromJsonAsync<JsonElement>($"/api/panels/{id}");
        Assert.Equal("Decommissioned", panel.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/panels/{id}/control", Arm)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PutAsJsonAsync($"/api/panels/{id}/connection", new { host = "10.0.0.9", port = 7094 })).StatusCode);
        using var otherTenant = Client(tenant: "tenant-b");
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.PostAsJsonAsync($"/api/panels/{id}/decommission", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task No_panel_can_be_added_to_a_decommissioned_site()
    {
        using var supervisor = Client();
        var siteId = await RegisterSiteAsync(supervisor);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsJsonAsync($"/api/sites/{siteId}/decommission", new { reason = "Contract ended" })).StatusCode);
        var response = await supervisor.PostAsJsonAsync("/api/panels", Panel(siteId));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Control_of_a_panel_that_was_never_connected_is_refused_with_409()
    {
        using var supervisor = Client();
        var id = await RegisterPanelAsync(supervisor);
        using var op = Client(role: "operator");
        var response = await op.PostAsJsonAsync($"/api/panels/{id}/control", Arm);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("never been connected", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_with_the_current_version()
    {
        using var supervisor = Client();
        var id = await RegisterPanelAsync(supervisor);
        var change = await supervisor.SendAsync(With(HttpMethod.Put, $"/api/panels/{id}/connection", new { host = "10.0.0.9", port = 7094 }, "\"7\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, change.StatusCode);
        Assert.Equal("\"1\"", change.Headers.ETag!.Tag);
        Assert.Equal("application/problem+json", change.Content.Headers.ContentType!.MediaType);

        await ConnectAsync(id);
        using var op = Client(role: "operator");
        var control = await op.SendAsync(With(HttpMethod.Post, $"/api/panels/{id}/control", Arm, "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, control.StatusCode);
        Assert.Equal("\"2\"", control.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Writes_without_a_token_are_401_and_by_the_wrong_role_403()
    {
        using var supervisor = Client();
        var id = await RegisterPanelAsync(supervisor);
        var siteId = (await (await supervisor.GetAsync($"/api/panels/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("siteId").GetString()!;

        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/panels", Panel(siteId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/panels/{id}/connection", new { host = "h", port = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/panels/{id}/control", Arm)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/panels/{id}")).StatusCode);

        using var op = Client(role: "operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync("/api/panels", Panel(siteId))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PutAsJsonAsync($"/api/panels/{id}/connection", new { host = "h", port = 1 })).StatusCode);
        using var auditor = Client(role: "auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/panels/{id}/control", Arm)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/panels/{id}")).StatusCode);
        Assert.Equal("\"1\"", (await supervisor.GetAsync($"/api/panels/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Another_tenants_panel_and_site_are_not_found()
    {
        using var a = Client(tenant: "tenant-a");
        var id = await RegisterPanelAsync(a);
        await ConnectAsync(id);
        var siteOfA = await RegisterSiteAsync(a);

        using var b = Client(tenant: "tenant-b");
        using var operatorOfB = Client(role: "operator", tenant: "tenant-b");
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/panels/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PutAsJsonAsync($"/api/panels/{id}/connection", new { host = "evil", port = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorOfB.PostAsJsonAsync($"/api/panels/{id}/control", Arm)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsJsonAsync("/api/panels", Panel(siteOfA))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsJsonAsync("/api/panels", Panel("site-does-not-exist"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/panels/panel-does-not-exist")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/panels/{siteOfA}")).StatusCode); // a site is not a panel
        Assert.Equal("\"2\"", (await a.GetAsync($"/api/panels/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Bad_bodies_and_bad_if_match_are_400_and_invalid_settings_409_and_write_nothing()
    {
        using var client = Client();
        var id = await RegisterPanelAsync(client);
        var siteId = (await (await client.GetAsync($"/api/panels/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("siteId").GetString()!;
        await ConnectAsync(id);
        using var op = Client(role: "operator");

        var malformed = await client.PostAsync("/api/panels", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/panels", Panel(siteId, model: "Integra9000"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/panels", Panel(siteId, model: "3"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Explode", partitions = new[] { 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Arm", mode = "Sideways", partitions = new[] { 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(With(HttpMethod.Put, $"/api/panels/{id}/connection", new { host = "h", port = 1 }, "\"abc\""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsync($"/api/panels/{id}/control", new StringContent("[1,2", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/panels", Panel(siteId, port: 0))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync($"/api/panels/{id}/connection", new { host = "", port = 7094 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Arm", partitions = new[] { 1 } })).StatusCode); // no mode
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/panels/{id}/control", new { action = "Disarm", partitions = new[] { 9 } })).StatusCode);

        var panel = await client.GetAsync($"/api/panels/{id}");
        Assert.Equal("\"2\"", panel.Headers.ETag!.Tag);
        Assert.Equal("10.0.0.5", (await panel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("host").GetString());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
