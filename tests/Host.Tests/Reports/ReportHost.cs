using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventStore;
using EventStore.Projections;

namespace Host.Tests.Reports;

/// <summary>
/// One Host for the report tests, seeded once: a site per tenant registered over HTTP (tenancy comes from there),
/// each with the <see cref="ReportScenario"/> appended to the store, and the report read models caught up. The
/// tests only read, so they share it.
/// </summary>
public sealed class ReportHost : IAsyncLifetime
{
    /// <summary>A comma, a quote and Polish letters: the CSV must escape the first two and keep the others intact.</summary>
    public const string SiteAName = "Magazyn \"Północ\", Łódź";

    public static readonly DateTimeOffset Day1 = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The scenario's two days, as report query parameters.</summary>
    public const string Period = "from=2025-03-10T00:00:00Z&to=2025-03-12T00:00:00Z";

    private readonly string _schema = "t_reports_" + Guid.NewGuid().ToString("N")[..12];

    public HostFactory Factory { get; private set; } = null!;
    public ReportScenario A { get; private set; } = null!;
    public ReportScenario B { get; private set; } = null!;

    public HttpClient Client(string tenant = "tenant-a", string role = "auditor") => Factory.CreateClient().As("rita", role, tenant);

    public async Task InitializeAsync()
    {
        Factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        var store = Factory.Services.GetRequiredService<PostgresEventStore>();
        A = new ReportScenario(await RegisterSiteAsync("tenant-a", SiteAName), Day1);
        B = new ReportScenario(await RegisterSiteAsync("tenant-b", "Biuro Kraków"), Day1);
        await A.AppendAsync(store);
        await B.AppendAsync(store);
        var daemon = Factory.Services.GetRequiredService<ProjectionDaemon>();
        foreach (var name in new[] { "alarm_history", "operator_response_times", "panel_connectivity", "arming_log", "panel_troubles", "panel_commands" })
            Assert.True(await daemon.WaitForCatchUpAsync(name, TimeSpan.FromSeconds(60)), $"{name} caught up");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_schema);
    }

    private async Task<string> RegisterSiteAsync(string tenant, string name)
    {
        using var supervisor = Client(tenant, "supervisor");
        var response = await supervisor.PostAsJsonAsync("/api/sites", new
        {
            name,
            address = new { street = "Piotrkowska 1", postalCode = "90-001", city = "Łódź", country = "PL" },
            contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>GETs a JSON report and returns its body, asserting 200.</summary>
    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string uri)
    {
        var response = await client.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static List<JsonElement> Items(JsonElement report) => [.. report.GetProperty("items").EnumerateArray()];
}

/// <summary>The report test classes share one seeded <see cref="ReportHost"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ReportCollection : ICollectionFixture<ReportHost>
{
    public const string Name = "reports";
}
