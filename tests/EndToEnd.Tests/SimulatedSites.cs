using System.Collections.Concurrent;
using System.Net;
using PanelSimulator;

namespace EndToEnd.Tests;

/// <summary>
/// Simulated panels, each behind its ETHM-1 module on a free loopback port, with the ground truth of every event each
/// one logs, in its log order (the panel raises <see cref="SimulatedPanel.EventGenerated"/> under its own lock).
/// Traffic (a scenario and random activity) starts and stops when the test says, on one scheduler.
/// </summary>
internal sealed class SimulatedSites : IAsyncDisposable
{
    private readonly ConcurrentQueue<GroundTruthEvent>[] truth;
    private TrafficScheduler? traffic;

    private SimulatedSites(IReadOnlyList<SimulatorServer> servers)
    {
        Servers = servers;
        truth = [.. servers.Select(_ => new ConcurrentQueue<GroundTruthEvent>())];
        for (var i = 0; i < servers.Count; i++)
            servers[i].Panel.EventGenerated += truth[i].Enqueue;
    }

    public IReadOnlyList<SimulatorServer> Servers { get; }

    public int Count => Servers.Count;

    public SimulatedPanel Panel(int i) => Servers[i].Panel;

    /// <summary>Every event panel <paramref name="i"/> logged so far, in log order.</summary>
    public IReadOnlyList<GroundTruthEvent> TruthOf(int i) => [.. truth[i]];

    /// <summary>How many events all panels logged so far.</summary>
    public int Generated => truth.Sum(t => t.Count);

    /// <summary>Standard INTEGRA 128 panels (2 partitions, 8 zones: odd zones in partition 1, even in 2), named sim-1….</summary>
    public static async Task<SimulatedSites> StartAsync(int panels)
    {
        var servers = new List<SimulatorServer>();
        for (var i = 1; i <= panels; i++)
            servers.Add(await SimulatorServer.StartAsync(new SimulatedPanel(PanelDefinition.Standard($"sim-{i}")), new IPEndPoint(IPAddress.Loopback, 0)));
        return new SimulatedSites(servers);
    }

    /// <summary>Every panel plays <paramref name="scenario"/> (starts spread over a second) with random activity on top.</summary>
    public void StartTraffic(Scenario scenario, double randomEventsPerSecond, int seed)
    {
        traffic = new TrafficScheduler();
        for (var i = 0; i < Count; i++)
        {
            traffic.AddScenario(Panel(i), scenario, TimeSpan.FromMilliseconds(300 * i));
            traffic.AddRandomTraffic(Panel(i), randomEventsPerSecond, seed + i);
        }
    }

    /// <summary>Every panel logs <paramref name="perPanel"/> events at once (zone 7 violated and restored in turn): a backlog the ingest reads in several batches.</summary>
    public void Burst(int perPanel)
    {
        for (var i = 0; i < Count; i++)
            for (var n = 0; n < perPanel; n++)
                if (!Panel(i).ViolateZone(7)) Panel(i).RestoreZone(7);
    }

    /// <summary>Stops the traffic: after this the ground truth is complete.</summary>
    public async Task StopTrafficAsync()
    {
        if (traffic is not null) await traffic.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopTrafficAsync();
        foreach (var server in Servers) await server.DisposeAsync();
    }
}
