using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Domain;
using Domain.Alarms;
using EventStore;
using Npgsql;

namespace Host.Tests.Audit;

public sealed class ReadStreamEndpointTests : IAsyncLifetime
{
    private readonly string _schema = "t_audit_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static object Site(string name = "Warehouse North") => new
    {
        name,
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
        notes = "",
    };

    private static object Panel(string siteId) => new
    {
        siteId,
        model = "Integra64",
        host = "10.0.0.5",
        port = 7094,
        partitions = new[] { new { number = 1, name = "Office" } },
        zones = new[] { new { number = 1, name = "Door", partition = 1 } },
        integrationKeyRef = "vault:panels/warehouse-north",
    };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient Client(string role, string tenant = "tenant-a", string user = "sue") => _factory.CreateClient().As(user, role, tenant);

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A site, a panel there and an alarm there, all of <paramref name="tenant"/> (alarms are not raised over HTTP yet).</summary>
    private async Task<(string Site, string Panel, string Alarm)> StreamsOfAsync(string tenant)
    {
        using var supervisor = Client("supervisor", tenant);
        var siteId = await CreatedIdAsync(await supervisor.PostAsJsonAsync("/api/sites", Site()));
        var panelId = await CreatedIdAsync(await supervisor.PostAsJsonAsync("/api/panels", Panel(siteId)));
        var alarmId = StreamIds.Alarm(Guid.CreateVersion7());
        await _factory.Services.GetRequiredService<PostgresEventStore>().AppendAsync(alarmId, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(alarmId, siteId, panelId, AlarmKind.Burglary, AlarmPriority.High, 1, 1, $"{panelId}/event/0001", DateTimeOffset.UtcNow));
        return (siteId, panelId, alarmId);
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> ReadAsync(HttpClient client, string streamId, string query = "")
    {
        var response = await client.GetAsync($"/api/streams/{streamId}/events{query}");
        return (response, response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default);
    }

    [Fact]
    public async Task An_auditor_reads_a_site_stream_as_stored_with_its_metadata_in_pages_with_the_version_as_etag()
    {
        using var supervisor = Client("supervisor");
        var register = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = JsonContent.Create(Site()) };
        register.Headers.Add("X-Request-ID", "req-audit-1");
        register.Headers.Add("X-Correlation-ID", "corr-audit-1");
        var siteId = await CreatedIdAsync(await supervisor.SendAsync(register));
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PutAsJsonAsync($"/api/sites/{siteId}", Site("Warehouse South"))).StatusCode);
        // Changed behind the store's back, as an old event version would be: the auditor must see it, which a
        // re-serialised domain object would not show.
        await using (var ds = NpgsqlDataSource.Create(HostFactory.TestConnectionString))
        await using (var cmd = ds.CreateCommand($"update \"{_schema}\".events set data = data || '{{\"legacyField\": 7}}' where stream_id = $1 and version = 1"))
        {
            cmd.Parameters.Add(new() { Value = siteId });
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        using var auditor = Client("auditor", user: "audrey");
        var (first, page1) = await ReadAsync(auditor, siteId, "?limit=1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);
        Assert.Equal((siteId, "site", 2L, 2L), (page1.GetProperty("streamId").GetString(), page1.GetProperty("streamType").GetString(),
            page1.GetProperty("version").GetInt64(), page1.GetProperty("nextFromVersion").GetInt64()));
        var registered = Assert.Single(page1.GetProperty("events").EnumerateArray());
        Assert.Equal((1L, "site_registered"), (registered.GetProperty("version").GetInt64(), registered.GetProperty("type").GetString()));
        Assert.True(registered.GetProperty("position").GetInt64() > 0);
        Assert.NotEqual(Guid.Empty, registered.GetProperty("eventId").GetGuid());
        Assert.InRange(registered.GetProperty("timestamp").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var data = registered.GetProperty("data");
        Assert.Equal(("Warehouse North", "tenant-a", 7), (data.GetProperty("name").GetString(), data.GetProperty("tenantId").GetString(), data.GetProperty("legacyField").GetInt32()));
        var metadata = registered.GetProperty("metadata");
        Assert.Equal(("corr-audit-1", "req-audit-1", "sue", "tenant-a"), (metadata.GetProperty("correlationId").GetString(),
            metadata.GetProperty("causationId").GetString(), metadata.GetProperty("userId").GetString(), metadata.GetProperty("tenant").GetString()));

        var (_, page2) = await ReadAsync(auditor, siteId, "?fromVersion=2&limit=1");
        var changed = Assert.Single(page2.GetProperty("events").EnumerateArray());
        Assert.Equal((2L, "site_details_changed"), (changed.GetProperty("version").GetInt64(), changed.GetProperty("type").GetString()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextFromVersion").ValueKind);
        var (_, past) = await ReadAsync(auditor, siteId, "?fromVersion=3");
        Assert.Empty(past.GetProperty("events").EnumerateArray());
        Assert.Equal(2, past.GetProperty("version").GetInt64());

        // archived streams are left out of ordinary reads, not out of the audit
        Assert.True(await _factory.Services.GetRequiredService<PostgresEventStore>().ArchiveStreamAsync(siteId));
        Assert.Equal(2, (await ReadAsync(auditor, siteId)).Body.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Panel_and_alarm_streams_belong_to_their_sites_tenant_and_everything_else_is_not_found()
    {
        var (siteA, panelA, alarmA) = await StreamsOfAsync("tenant-a");
        using var auditorA = Client("auditor", "tenant-a");
        using var auditorB = Client("auditor", "tenant-b");
        foreach (var (id, type, firstEvent) in new[] { (siteA, "site", "site_registered"), (panelA, "panel", "panel_registered"), (alarmA, "alarm", "alarm_raised") })
        {
            var (own, body) = await ReadAsync(auditorA, id);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal((type, firstEvent), (body.GetProperty("streamType").GetString(), body.GetProperty("events")[0].GetProperty("type").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(auditorB, id)).Response.StatusCode);
        }

        // a stream that is none of the tenant-owned types, and one that never existed, look the same
        var store = _factory.Services.GetRequiredService<PostgresEventStore>();
        var foreign = "alarm-policy-" + Guid.NewGuid().ToString("N");
        await store.AppendAsync(foreign, "policy", ExpectedVersion.NoStream,
            new AlarmRaised(foreign, siteA, panelA, AlarmKind.Burglary, AlarmPriority.High, 1, 1, "x", DateTimeOffset.UtcNow));
        var (otherType, _) = await ReadAsync(auditorA, foreign);
        Assert.Equal(HttpStatusCode.NotFound, otherType.StatusCode);
        Assert.Equal("application/problem+json", otherType.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(auditorA, "site-does-not-exist")).Response.StatusCode);
    }

    [Fact]
    public async Task Only_auditors_and_admins_read_raw_streams()
    {
        var (siteId, _, alarmId) = await StreamsOfAsync("tenant-a");
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReadAsync(anonymous, siteId)).Response.StatusCode);
        foreach (var role in new[] { "operator", "supervisor" })
        {
            using var client = Client(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await ReadAsync(client, siteId)).Response.StatusCode);
        }
        using var admin = Client("admin", user: "adam");
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(admin, alarmId)).Response.StatusCode);
        using var adminB = Client("admin", "tenant-b", "adam");
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(adminB, alarmId)).Response.StatusCode); // admins too stay in their tenant
    }

    [Fact]
    public async Task Bad_paging_is_400()
    {
        var (siteId, _, _) = await StreamsOfAsync("tenant-a");
        using var auditor = Client("auditor");
        foreach (var query in new[] { "?fromVersion=0", "?limit=0", "?limit=1001", "?fromVersion=abc" })
            Assert.Equal(HttpStatusCode.BadRequest, (await ReadAsync(auditor, siteId, query)).Response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
