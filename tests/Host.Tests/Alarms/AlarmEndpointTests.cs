using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Domain;
using Domain.Alarms;
using EventStore;
using Npgsql;

namespace Host.Tests.Alarms;

public sealed class AlarmEndpointTests : IAsyncLifetime
{
    private readonly string _schema = "t_alarms_" + Guid.NewGuid().ToString("N")[..12];
    private HostFactory _factory = null!;

    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    private static readonly object Dispatch = new { target = "Police", calledParty = "Warszawa 112" };
    private static readonly object Note = new { text = "Dog barking on site" };
    private static readonly object Resolve = new { outcome = "FalseAlarm", note = "Cat in the store room" };

    public Task InitializeAsync()
    {
        _factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        return Task.CompletedTask;
    }

    private HttpClient Client(string role = "operator", string tenant = "tenant-a", string user = "olga") =>
        _factory.CreateClient().As(user, role, tenant);

    /// <summary>Registers a site of <paramref name="tenant"/> through the API and raises an alarm there; nothing raises alarms over HTTP yet.</summary>
    private async Task<string> RaiseAsync(string tenant = "tenant-a")
    {
        using var supervisor = Client(role: "supervisor", tenant: tenant, user: "sue");
        var site = await supervisor.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        var siteId = (await site.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var alarmId = StreamIds.Alarm(Guid.CreateVersion7());
        await _factory.Services.GetRequiredService<PostgresEventStore>().AppendAsync(alarmId, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(alarmId, siteId, "panel-1", AlarmKind.Burglary, AlarmPriority.High, 1, 3, "panel-1/event/0001", DateTimeOffset.UtcNow));
        return alarmId;
    }

    private static HttpRequestMessage Post(string uri, object? body, string? ifMatch = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return message;
    }

    /// <summary>Every alarm write, with a valid body, for the cases that apply to all of them.</summary>
    private static IEnumerable<(string Action, object? Body)> Writes() =>
        [("acknowledge", null), ("dispatch", Dispatch), ("notes", Note), ("resolve", Resolve)];

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/alarms/{id}");
        return (response, response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default);
    }

    [Fact]
    public async Task An_operator_acknowledges_dispatches_notes_and_resolves_an_alarm_and_its_history_shows_it()
    {
        var id = await RaiseAsync();
        using var op = Client();
        var (raised, open) = await GetAsync(op, id);
        Assert.Equal("\"1\"", raised.Headers.ETag!.Tag);
        Assert.Equal(("Open", "Burglary", "High", JsonValueKind.Null), (open.GetProperty("status").GetString(), open.GetProperty("kind").GetString(),
            open.GetProperty("priority").GetString(), open.GetProperty("acknowledgedBy").ValueKind));

        var ack = await op.SendAsync(Post($"/api/alarms/{id}/acknowledge", null, "\"1\""));
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        Assert.Equal("\"2\"", ack.Headers.ETag!.Tag);
        var ackAgain = await op.SendAsync(Post($"/api/alarms/{id}/acknowledge", null));
        Assert.Equal(HttpStatusCode.NoContent, ackAgain.StatusCode); // already acknowledged by olga: no new version
        Assert.Equal("\"2\"", ackAgain.Headers.ETag!.Tag);

        var dispatch = await op.SendAsync(Post($"/api/alarms/{id}/dispatch", Dispatch, "\"2\""));
        Assert.Equal(HttpStatusCode.NoContent, dispatch.StatusCode);
        Assert.Equal("\"3\"", dispatch.Headers.ETag!.Tag);

        var note = await op.SendAsync(Post($"/api/alarms/{id}/notes", new { text = "Dog barking on site", noteId = "n-1" }, "\"3\""));
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal("\"4\"", note.Headers.ETag!.Tag);
        Assert.Equal("n-1", (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("noteId").GetString());
        var noteRetried = await op.SendAsync(Post($"/api/alarms/{id}/notes", new { text = "Dog barking on site", noteId = "n-1" }));
        Assert.Equal("\"4\"", noteRetried.Headers.ETag!.Tag); // the same note id is added once

        var resolve = await op.SendAsync(Post($"/api/alarms/{id}/resolve", Resolve, "\"4\""));
        Assert.Equal(HttpStatusCode.NoContent, resolve.StatusCode);
        Assert.Equal("\"5\"", resolve.Headers.ETag!.Tag);

        using var auditor = Client(role: "auditor", user: "audrey");
        var (get, alarm) = await GetAsync(auditor, id);
        Assert.Equal("\"5\"", get.Headers.ETag!.Tag);
        Assert.Equal(("Resolved", "olga", "FalseAlarm", 5L), (alarm.GetProperty("status").GetString(), alarm.GetProperty("acknowledgedBy").GetString(),
            alarm.GetProperty("outcome").GetString(), alarm.GetProperty("version").GetInt64()));
        Assert.Equal(["Police"], alarm.GetProperty("dispatches").EnumerateArray().Select(d => d.GetString()));
        var history = alarm.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["alarm_raised", "alarm_acknowledged", "alarm_dispatched", "alarm_note_added", "alarm_resolved"], history.Select(h => h.GetProperty("type").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5], history.Select(h => h.GetProperty("version").GetInt64()));
        Assert.All(history.Skip(1), h => Assert.Equal("olga", h.GetProperty("userId").GetString()));
        Assert.All(history, h => Assert.True(h.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal("Warszawa 112", history[2].GetProperty("data").GetProperty("calledParty").GetString());
        Assert.Equal("Dog barking on site", history[3].GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Resolving_before_acknowledging_is_refused_with_409()
    {
        var id = await RaiseAsync();
        using var op = Client();
        var response = await op.PostAsJsonAsync($"/api/alarms/{id}/resolve", Resolve);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Acknowledge", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/alarms/{id}/dispatch", Dispatch)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await op.SendAsync(Post($"/api/alarms/{id}/acknowledge", null))).StatusCode);
        using var other = Client(user: "otto");
        Assert.Equal(HttpStatusCode.Conflict, (await other.SendAsync(Post($"/api/alarms/{id}/acknowledge", null))).StatusCode); // owned by olga
        Assert.Equal("\"2\"", (await op.GetAsync($"/api/alarms/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_with_the_current_version_for_every_write()
    {
        var id = await RaiseAsync();
        using var op = Client();
        foreach (var (action, body) in Writes())
        {
            var response = await op.SendAsync(Post($"/api/alarms/{id}/{action}", body, "\"7\""));
            Assert.True(HttpStatusCode.PreconditionFailed == response.StatusCode, $"{action}: {response.StatusCode}");
            Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Writes_without_a_token_are_401_and_by_the_wrong_role_403()
    {
        var id = await RaiseAsync();
        using var anonymous = _factory.CreateClient();
        using var auditor = Client(role: "auditor");
        foreach (var (action, body) in Writes())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Post($"/api/alarms/{id}/{action}", body))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(Post($"/api/alarms/{id}/{action}", body))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/alarms/{id}")).StatusCode);
        Assert.Equal("\"1\"", (await auditor.GetAsync($"/api/alarms/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Another_tenants_alarm_is_not_found()
    {
        var id = await RaiseAsync(tenant: "tenant-a");
        using var b = Client(tenant: "tenant-b");
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/alarms/{id}")).StatusCode);
        foreach (var (action, body) in Writes())
            Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(Post($"/api/alarms/{id}/{action}", body))).StatusCode);
        using var a = Client(tenant: "tenant-a");
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/alarms/alarm-does-not-exist")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.SendAsync(Post("/api/alarms/alarm-does-not-exist/acknowledge", null))).StatusCode);
        Assert.Equal("\"1\"", (await a.GetAsync($"/api/alarms/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Bad_bodies_and_bad_if_match_are_400_and_write_nothing()
    {
        var id = await RaiseAsync();
        using var op = Client();
        Assert.Equal(HttpStatusCode.NoContent, (await op.SendAsync(Post($"/api/alarms/{id}/acknowledge", null))).StatusCode);

        var malformed = await op.PostAsync($"/api/alarms/{id}/dispatch", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/alarms/{id}/dispatch", new { target = "Army", calledParty = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/alarms/{id}/dispatch", new { target = "1", calledParty = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/alarms/{id}/resolve", new { outcome = "Maybe", note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsync($"/api/alarms/{id}/notes", new StringContent("\"just a string\"", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SendAsync(Post($"/api/alarms/{id}/notes", Note, "\"abc\""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/alarms/{id}/notes", new { text = "  " })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/alarms/{id}/resolve", new { outcome = "Real", note = "" })).StatusCode);

        var (get, alarm) = await GetAsync(op, id);
        Assert.Equal("\"2\"", get.Headers.ETag!.Tag);
        Assert.Equal("Open", alarm.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_open_alarms_board_lists_the_tenants_alarms_and_follows_acknowledge_and_resolve()
    {
        var id = await RaiseAsync("tenant-board");
        var other = await RaiseAsync("tenant-elsewhere");
        using var op = Client(tenant: "tenant-board");

        async Task<JsonElement> Board(string query = "") => await (await op.GetAsync("/api/alarms" + query)).Content.ReadFromJsonAsync<JsonElement>();
        async Task Until(Func<JsonElement, bool> condition, string because)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!condition(await Board()))
            {
                Assert.True(DateTime.UtcNow < deadline, because);
                await Task.Delay(50);
            }
        }

        await Until(b => b.GetProperty("items").GetArrayLength() == 1, "the raised alarm appears on the board");
        var item = (await Board()).GetProperty("items")[0];
        Assert.Equal((id, "raised", 2), (item.GetProperty("alarmId").GetString(), item.GetProperty("status").GetString(), item.GetProperty("priority").GetInt32()));
        Assert.DoesNotContain(other, (await Board()).ToString(), StringComparison.Ordinal); // another tenant's alarm is not listed
        Assert.Equal(0, (await Board("?priority=3")).GetProperty("total").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await op.SendAsync(Post($"/api/alarms/{id}/acknowledge", null))).StatusCode);
        await Until(b => b.GetProperty("items")[0].GetProperty("status").GetString() == "acknowledged", "the acknowledgement shows");
        Assert.Equal("olga", (await Board("?status=acknowledged")).GetProperty("items")[0].GetProperty("acknowledgedBy").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await op.SendAsync(Post($"/api/alarms/{id}/resolve", Resolve))).StatusCode);
        await Until(b => b.GetProperty("total").GetInt64() == 0, "a resolved alarm leaves the board");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/api/alarms?status=nonsense")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }
}
