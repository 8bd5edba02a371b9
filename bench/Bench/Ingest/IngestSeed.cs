using System.Net;
using Domain;
using Domain.Panels;
using Domain.Sites;
using EventStore;
using PanelSimulator;

namespace Bench.Ingest;

/// <summary>
/// Registers the simulated panels the way the Host would record them, straight through the store (2,000 REST calls
/// would measure the API, not the ingest): a <c>site_registered</c> per <see cref="PanelsPerSite"/> panels, then a
/// <c>panel_registered</c> per panel with the module's loopback endpoint and the simulator's partitions and zones.
/// The Host's projection daemon turns them into <c>panel_directory</c>, which the ingest reads.
/// </summary>
public static class IngestSeed
{
    public const string Tenant = "bench-ingest";
    private const int PanelsPerSite = 10, StreamsPerAppend = 1_000;

    /// <summary>Panel ids as the Host makes them (<c>panel-…</c>): the simulator's panels carry the same ids.</summary>
    public static string[] NewPanelIds(int count) => [.. Enumerable.Range(0, count).Select(_ => StreamIds.Panel(Guid.CreateVersion7()))];

    public static async Task RegisterAsync(PostgresEventStore store, IReadOnlyList<SimulatorServer> servers)
    {
        var now = DateTimeOffset.UtcNow;
        var metadata = new EventMetadata(UserId: "bench-seed", Tenant: Tenant);
        var siteIds = Enumerable.Range(0, (servers.Count + PanelsPerSite - 1) / PanelsPerSite).Select(_ => StreamIds.Site(Guid.CreateVersion7())).ToArray();
        await AppendAsync(store, siteIds.Select((id, i) => new StreamAppend(id, "site", ExpectedVersion.NoStream,
            [new NewEvent(new SiteRegistered(id, $"Ingest bench site {i}", new SiteAddress("Benchmark St 1", "00-001", "Warsaw", "PL"), Tenant,
                [new SiteContact(1, "Guard", "+48 600 000 000")], "", now), metadata)])));
        await AppendAsync(store, servers.Select((server, i) =>
        {
            var definition = server.Panel.Definition;
            var registered = new PanelRegistered(definition.Id, siteIds[i / PanelsPerSite], definition.Model,
                server.EndPoint.Address.ToString(), server.EndPoint.Port,
                [.. definition.Partitions.Select(p => new PanelPartition(p.Number, p.Name))],
                [.. definition.Zones.Select(z => new PanelZone(z.Number, z.Name, z.Partition))], null, now);
            return new StreamAppend(definition.Id, "panel", ExpectedVersion.NoStream, [new NewEvent(registered, metadata)]);
        }));
    }

    private static async Task AppendAsync(PostgresEventStore store, IEnumerable<StreamAppend> appends)
    {
        foreach (var chunk in appends.Chunk(StreamsPerAppend)) await store.AppendAsync(chunk);
    }

    /// <summary>The fleet: panels on loopback, each on a port the kernel picks (no clash with anything else listening).</summary>
    public static FleetOptions Fleet(IReadOnlyList<string> panelIds) => new()
    {
        Panels = panelIds.Count,
        // A log far larger than a run writes: every index names one record, so ground truth and the store match by index.
        Definition = i => PanelDefinition.Standard(panelIds[i], logCapacity: 100_000),
        Addressing = FleetAddressing.Ports,
        Address = IPAddress.Loopback,
        BasePort = 0,
        RandomEventsPerSecond = 0, // the traffic starts once every panel is connected (IngestScenario)
        KeepGroundTruth = false,
    };
}
