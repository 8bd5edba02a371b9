using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts;
using Domain.Panels;
using Messaging;

namespace Host.Tests.Pipeline;

/// <summary>
/// A Host with the real broker, on an exchange and a queue of its own (test classes run in parallel on one broker),
/// and what the tests of the message pipeline share: registering a site and a panel over HTTP, sending what the
/// ingest would send through the outbox and RabbitMQ, and waiting for conditions with deadlines.
/// </summary>
internal sealed class PipelineHost(string schema, IReadOnlyDictionary<string, string>? settings = null)
{
    public string Schema { get; } = schema;
    public string Exchange => "x-" + Schema;
    public string Queue => "q-" + Schema;

    public HostFactory Start() => new(HostFactory.TestConnectionString, Schema, HostFactory.TestRabbitMq, settings: new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
    {
        ["Messaging:Exchange"] = Exchange,
        ["Messaging:Queue"] = Queue,
    });

    public static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    /// <summary>A site and a panel with partitions 1–2 and zones 1–3, registered by a supervisor of <paramref name="tenant"/>.</summary>
    public static async Task<(string SiteId, string PanelId)> RegisterAsync(HostFactory factory, string tenant = "tenant-a")
    {
        using var supervisor = factory.CreateClient().As("sue", "supervisor", tenant);
        var site = await supervisor.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        var siteId = (await site.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var panel = await supervisor.PostAsJsonAsync("/api/panels", new
        {
            siteId,
            model = "Integra64",
            host = "10.0.0.5",
            port = 7094,
            partitions = new[] { new { number = 1, name = "Office" }, new { number = 2, name = "Store" } },
            zones = new[] { new { number = 1, name = "Door", partition = 1 }, new { number = 2, name = "PIR", partition = 1 }, new { number = 3, name = "Smoke", partition = 2 } },
        });
        Assert.Equal(HttpStatusCode.Created, panel.StatusCode);
        return (siteId, (await panel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    /// <summary>The ingest reports the panel connected (control requests need a panel that has been reached); waits until it shows.</summary>
    public static async Task ConnectAsync(HostFactory factory, string panelId, string tenant = "tenant-a")
    {
        await SendFromIngestAsync(factory, new PanelConnectionChanged(panelId, true, null, DateTimeOffset.UtcNow), panelId);
        using var client = factory.CreateClient().As("olga", "operator", tenant);
        await EventuallyValueAsync<JsonElement>(async () =>
        {
            var panel = await client.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
            return panel.GetProperty("connection").GetString() == "Connected" ? panel : null;
        }, "the panel connected");
    }

    /// <summary>A burglary alarm record of zone <paramref name="zone"/> at event-log index <paramref name="index"/>.</summary>
    public static PanelEventRead Burglary(string panelId, string index, int zone = 1, int partition = 1) =>
        new(panelId, index, new DateTime(2026, 12, 1, 6, 0, 0).AddMinutes(int.Parse(index, System.Globalization.NumberStyles.HexNumber) % 1000),
            1, false, PanelEventClass.ZoneAlarms, PanelEventKind.BurglaryAlarm, partition, zone, null, zone, $"Zone alarm: zone {zone}", DateTimeOffset.UtcNow);

    /// <summary>What the ingest does: the message goes into the outbox, the relay takes it to RabbitMQ, the Host's consumer handles it.</summary>
    public static Task SendFromIngestAsync(HostFactory factory, object message, string panelId, string? correlationId = null) =>
        factory.Services.GetRequiredService<MessageBus>().SendAsync(message, new MessageMetadata(correlationId ?? Guid.NewGuid().ToString(), null, "panel-ingest", null),
            orderingKey: MessageNames.PanelKey(panelId));

    /// <summary>Polls <paramref name="probe"/> until it returns a value, for at most <paramref name="seconds"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Like <see cref="EventuallyAsync{T}"/>, for a value (a JSON element).</summary>
    public static async Task<T> EventuallyValueAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>The open alarms board of the caller's tenant (the projection).</summary>
    public static async Task<JsonElement> BoardAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/alarms?pageSize=100");

    public static async Task<JsonElement?> AlarmAsync(HttpClient client, string alarmId)
    {
        var response = await client.GetAsync($"/api/alarms/{alarmId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }
}
