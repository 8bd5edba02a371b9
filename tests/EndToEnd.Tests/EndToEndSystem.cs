using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// The whole system for one test: the Host in process, simulated panels on loopback, and PanelIngest processes, all
/// on the test PostgreSQL and RabbitMQ in a schema and on an exchange of their own. Panels are registered through the
/// Host's HTTP API with the simulator's endpoints, so the ingest learns them the way it does in production: the
/// Host's daemon projects them into <c>panel_directory</c>.
/// </summary>
internal sealed partial class EndToEndSystem : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> ingestOutput = new();
    private readonly List<IngestProcess> ingests = [];
    private readonly string masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly System.Diagnostics.Stopwatch running = System.Diagnostics.Stopwatch.StartNew();

    private EndToEndSystem(string schema, HostUnderTest host, SimulatedSites sites, IReadOnlyList<string> panelIds)
    {
        Schema = schema;
        Host = host;
        Sites = sites;
        PanelIds = panelIds;
    }

    public string Schema { get; }

    /// <summary>"12.3 s: what happened", for the test output: where a slow run spent its time.</summary>
    public string Timed(string what) => $"{running.Elapsed.TotalSeconds:0.0} s: {what}";

    public string Exchange => "x-" + Schema;

    public string HostQueue => "q-" + Schema;

    public string IngestQueue => "qi-" + Schema;

    public HostUnderTest Host { get; }

    public SimulatedSites Sites { get; }

    /// <summary>The Host's panel ids, in the order of <see cref="Sites"/>: panel i is served by simulated panel i.</summary>
    public IReadOnlyList<string> PanelIds { get; }

    /// <summary>Starts the Host and the simulated panels (each logs <paramref name="backlog"/> events before anything reads them) and registers a site and the panels.</summary>
    public static async Task<EndToEndSystem> StartAsync(string testClass, int panels, int backlog = 0)
    {
        var schema = TestServers.NewSchema(testClass);
        var host = new HostUnderTest(schema, "x-" + schema, "q-" + schema);
        var sites = await SimulatedSites.StartAsync(panels);
        for (var i = 0; i < panels; i++)
            for (var b = 0; b < backlog; b++)
                if (!sites.Panel(i).ViolateZone(5)) sites.Panel(i).RestoreZone(5);
        using var supervisor = host.ClientAs("sue", "supervisor");
        var siteId = await CreatedIdAsync(await supervisor.PostAsJsonAsync("/api/sites", new
        {
            name = "End-to-end site",
            address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
            contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
        }));
        var panelIds = new List<string>();
        foreach (var server in sites.Servers)
        {
            var definition = server.Panel.Definition;
            panelIds.Add(await CreatedIdAsync(await supervisor.PostAsJsonAsync("/api/panels", new
            {
                siteId,
                model = definition.Model.ToString(),
                host = server.EndPoint.Address.ToString(),
                port = server.EndPoint.Port,
                partitions = definition.Partitions.Select(p => new { number = p.Number, name = p.Name }),
                zones = definition.Zones.Select(z => new { number = z.Number, name = z.Name, partition = z.Partition }),
            })));
        }
        return new EndToEndSystem(schema, host, sites, panelIds);
    }

    /// <summary>
    /// The ingest's configuration, as environment variables would carry it: the Host's database, schema and exchange
    /// (messages flow both ways), a queue of its own, and delays shortened for a test. A crashed instance's leases
    /// expire after 2 s; a panel is reported offline only after 30 s, which no healthy run reaches.
    /// </summary>
    public Dictionary<string, string> IngestSettings(string nodeId) => new()
    {
        ["ConnectionStrings:EventStore"] = TestServers.PostgreSql,
        ["ConnectionStrings:RabbitMq"] = TestServers.RabbitMq,
        ["EventStore:Schema"] = Schema,
        ["Messaging:Exchange"] = Exchange,
        ["Messaging:Queue"] = IngestQueue,
        ["Ingest:NodeId"] = nodeId,
        ["Ingest:MasterKey"] = masterKey,
        ["Ingest:PollInterval"] = "00:00:00.200",
        ["Ingest:DirectoryRefreshInterval"] = "00:00:00.500",
        ["Ingest:LeaseRenewInterval"] = "00:00:00.500",
        ["Ingest:LeaseDuration"] = "00:00:02",
        ["Ingest:NodeTimeout"] = "00:00:02",
        ["Ingest:BusyProbe"] = "00:00:00.050",
        ["Ingest:RequestTimeout"] = "00:00:03",
        ["Ingest:ReconnectDelay"] = "00:00:00.300",
        ["Ingest:ReconnectJitter"] = "00:00:00.200",
        ["Ingest:OfflineAfter"] = "00:00:30",
        ["Ingest:ControlPollInterval"] = "00:00:00.200",
        ["Ingest:BatchSize"] = "10",
    };

    /// <summary>Starts an ingest process as node <paramref name="nodeId"/>.</summary>
    public IngestProcess StartIngest(string nodeId)
    {
        var ingest = IngestProcess.Start(nodeId, IngestSettings(nodeId), ingestOutput);
        ingests.Add(ingest);
        return ingest;
    }

    /// <summary><c>PanelIngest secrets set --panel … --user-code-file -</c>, the code on standard input, as an operator would run it.</summary>
    public async Task SetUserCodeAsync(string panelId, string code)
    {
        var exit = await IngestProcess.RunAsync("secrets", IngestSettings("secrets-cli"), ingestOutput, code + "\n",
            "secrets", "set", "--panel", panelId, "--user-code-file", "-");
        Assert.True(exit == 0, $"secrets set exited with {exit}");
    }

    /// <summary>What the ingest processes wrote, for the test output when a test fails.</summary>
    public IReadOnlyCollection<string> IngestOutput => ingestOutput;

    public async ValueTask DisposeAsync()
    {
        foreach (var ingest in ingests) await ingest.DisposeAsync();
        await Sites.DisposeAsync();
        await Host.DisposeAsync();
        await TestBroker.DeleteAsync(Exchange, HostQueue, IngestQueue);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(TestServers.PostgreSql);
        await using var drop = dataSource.CreateCommand($"drop schema if exists \"{Schema}\" cascade");
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="test"/>; if it fails, writes the ingest processes' output to the test output first.</summary>
    public async Task DiagnoseAsync(ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine($"Schema {Schema}; panels {string.Join(", ", PanelIds)}; ingest output ({ingestOutput.Count} lines):");
            foreach (var line in ingestOutput) output.WriteLine(line);
            throw;
        }
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
