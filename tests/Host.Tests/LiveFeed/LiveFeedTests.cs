using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Domain;
using Domain.Alarms;
using Domain.Panels;
using EventStore;
using Host.LiveFeed;

namespace Host.Tests.LiveFeed;

/// <summary>The live feed end to end: committed events reach the consoles of their tenant, and only those.</summary>
public sealed class LiveFeedTests : IAsyncLifetime
{
    private readonly string _schema = "t_live_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient Client(string role = "operator", string tenant = "tenant-a", string user = "olga") =>
        _factory.CreateClient().As(user, role, tenant);

    private PostgresEventStore Store => _factory.Services.GetRequiredService<PostgresEventStore>();

    private async Task<string> RegisterSiteAsync(string tenant)
    {
        using var supervisor = Client(role: "supervisor", tenant: tenant, user: "sue");
        var site = await supervisor.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        return (await site.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Nothing raises alarms over HTTP: the panel-event policy appends AlarmRaised, as this does.</summary>
    private async Task<string> RaiseAsync(string siteId)
    {
        var alarmId = StreamIds.Alarm(Guid.CreateVersion7());
        await Store.AppendAsync(alarmId, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(alarmId, siteId, "panel-1", AlarmKind.Burglary, AlarmPriority.High, 1, 3, "panel-1/event/0001", DateTimeOffset.UtcNow));
        return alarmId;
    }

    [Fact]
    public async Task Without_a_token_the_feed_is_refused_before_the_upgrade()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FeedListener.WebSocketAsync(_factory.Server, token: null));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        var forged = await Assert.ThrowsAnyAsync<Exception>(() => FeedListener.WebSocketAsync(_factory.Server, "not-a-token", inQuery: true));
        Assert.Contains("401", forged.Message, StringComparison.Ordinal);

        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using var queryOnSse = _factory.CreateClient();
        var token = Tokens.For("olga", "operator", "tenant-a");
        Assert.Equal(HttpStatusCode.Unauthorized, (await queryOnSse.GetAsync($"/api/live?access_token={token}", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using var noTenantRole = Client(role: "visitor");
        Assert.Equal(HttpStatusCode.Forbidden, (await noTenantRole.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(0, _factory.Services.GetRequiredService<LiveFeedHub>().Count);
    }

    [Fact]
    public async Task The_alarm_lifecycle_is_visible_in_queries_and_on_the_live_feed_of_its_tenant_only()
    {
        await using var consoleA = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("olga", "operator", "tenant-a"));
        await using var browserA = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("audrey", "auditor", "tenant-a"), inQuery: true);
        using var b = Client(tenant: "tenant-b", user: "bob");
        await using var consoleB = await FeedListener.ServerSentEventsAsync(b);

        var siteA = await RegisterSiteAsync("tenant-a");
        var siteB = await RegisterSiteAsync("tenant-b");
        var orphan = await RaiseAsync(StreamIds.Site(Guid.CreateVersion7())); // a site nobody registered: no tenant, so no one's
        var alarm = await RaiseAsync(siteA);
        var raised = await consoleA.WaitForAsync(FeedListener.Is("alarm_raised", alarm), "alarm_raised");
        var data = raised.GetProperty("data");
        Assert.Equal((alarm, siteA, "Burglary", "High", 3), (data.GetProperty("alarmId").GetString(), data.GetProperty("siteId").GetString(),
            data.GetProperty("kind").GetString(), data.GetProperty("priority").GetString(), data.GetProperty("zone").GetInt32()));
        Assert.Equal(1, raised.GetProperty("version").GetInt64());
        Assert.True(raised.GetProperty("position").GetInt64() > 0);

        using var op = Client();
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsync($"/api/alarms/{alarm}/acknowledge", null)).StatusCode);
        var acknowledged = await consoleA.WaitForAsync(FeedListener.Is("alarm_acknowledged", alarm), "alarm_acknowledged");
        Assert.Equal(("olga", 2L), (acknowledged.GetProperty("data").GetProperty("operatorId").GetString(), acknowledged.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsJsonAsync($"/api/alarms/{alarm}/resolve", new { outcome = "FalseAlarm", note = "Cat" })).StatusCode);
        var resolved = await consoleA.WaitForAsync(FeedListener.Is("alarm_resolved", alarm), "alarm_resolved");
        Assert.Equal("FalseAlarm", resolved.GetProperty("data").GetProperty("outcome").GetString());
        await browserA.WaitForAsync(FeedListener.Is("alarm_resolved", alarm), "alarm_resolved (token in the query)");

        var state = await op.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarm}");
        Assert.Equal(("Resolved", "olga"), (state.GetProperty("status").GetString(), state.GetProperty("acknowledgedBy").GetString()));
        Assert.Equal(["alarm_raised", "alarm_acknowledged", "alarm_resolved"],
            consoleA.Items.Where(i => i.TryGetProperty("streamId", out var s) && s.GetString() == alarm).Select(i => i.GetProperty("type").GetString()));

        // Tenant B's own alarm comes after A's in the log, and the feed keeps log order: once B sees it, B has been
        // offered everything before it, and none of it was A's.
        var alarmB = await RaiseAsync(siteB);
        await consoleB.WaitForAsync(FeedListener.Is("alarm_raised", alarmB), "tenant B's own alarm");
        Assert.DoesNotContain(consoleB.Items, i => i.TryGetProperty("streamId", out var s) && s.GetString() == alarm);
        Assert.All(consoleB.Items.Where(i => i.TryGetProperty("data", out _)), i => Assert.Equal(siteB, i.GetProperty("data").GetProperty("siteId").GetString()));
        Assert.DoesNotContain(consoleA.Items, i => i.TryGetProperty("streamId", out var s) && s.GetString() == alarmB);
        Assert.DoesNotContain(consoleA.Items.Concat(consoleB.Items), i => i.TryGetProperty("streamId", out var s) && s.GetString() == orphan);
    }

    [Fact]
    public async Task A_panel_connection_change_is_pushed()
    {
        using var supervisor = Client(role: "supervisor", user: "sue");
        await using var console = await FeedListener.ServerSentEventsAsync(Client());
        var siteId = await RegisterSiteAsync("tenant-a");
        var registered = await supervisor.PostAsJsonAsync("/api/panels", new
        {
            siteId, model = "Integra64", host = "10.0.0.5", port = 7094,
            partitions = new[] { new { number = 1, name = "Office" } },
            zones = new[] { new { number = 1, name = "Door", partition = 1 } },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var panelId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The ingest reports the connection; there is no endpoint for that, so the facts are appended.
        await Store.AppendAsync(panelId, "panel", ExpectedVersion.Exact(1), new PanelConnected(panelId, DateTimeOffset.UtcNow));
        await Store.AppendAsync(panelId, "panel", ExpectedVersion.Exact(2), new PanelCommunicationLost(panelId, "no answer", DateTimeOffset.UtcNow));

        var connected = await console.WaitForAsync(FeedListener.Is("panel_connected", panelId), "panel_connected");
        var lost = await console.WaitForAsync(FeedListener.Is("panel_communication_lost", panelId), "panel_communication_lost");
        Assert.Equal(("Connected", siteId), (connected.GetProperty("data").GetProperty("connection").GetString(), connected.GetProperty("data").GetProperty("siteId").GetString()));
        Assert.Equal(("Lost", "no answer", 3L), (lost.GetProperty("data").GetProperty("connection").GetString(),
            lost.GetProperty("data").GetProperty("reason").GetString(), lost.GetProperty("version").GetInt64()));
        Assert.DoesNotContain(console.Items, i => i.GetProperty("type").GetString() == "panel_registered"); // learned from, never pushed
    }

    [Fact]
    public async Task Subscribers_are_counted_while_connected_and_cleaned_up_when_they_leave()
    {
        var hub = _factory.Services.GetRequiredService<LiveFeedHub>();
        var ws = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("olga", "operator", "tenant-a"));
        var sse = await FeedListener.ServerSentEventsAsync(Client());
        Assert.Equal(2, hub.Count);
        using var metrics = _factory.CreateClient();
        Assert.Contains("alarm_monitoring_live_feed_subscribers 2", await metrics.GetStringAsync("/metrics"), StringComparison.Ordinal);

        await ws.DisposeAsync();
        await sse.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hub.Count != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{hub.Count} subscribers still registered after they left.");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task A_stopping_host_closes_its_feeds_instead_of_waiting_for_them()
    {
        var ws = await FeedListener.WebSocketAsync(_factory.Server, Tokens.For("olga", "operator", "tenant-a"));
        var sse = await FeedListener.ServerSentEventsAsync(Client());
        var stopping = _factory.DisposeAsync().AsTask();

        await ws.WaitForEndAsync(TimeSpan.FromSeconds(20));
        await sse.WaitForEndAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, ws.Closed.Status);
        Assert.True(await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(20))) == stopping, "The host did not stop in time.");
        await ws.DisposeAsync();
        await sse.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
