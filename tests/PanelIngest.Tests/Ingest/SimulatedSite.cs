using System.Collections.Concurrent;
using System.Net;
using PanelSimulator;

namespace PanelIngest.Tests.Ingest;

/// <summary>A simulated panel behind its module on loopback, with the ground truth of every event it logs.</summary>
internal sealed class SimulatedSite : IAsyncDisposable
{
    private readonly ConcurrentQueue<GroundTruthEvent> truth = new();
    private int zone;

    private SimulatedSite(SimulatedPanel panel, SimulatorServer server)
    {
        Panel = panel;
        Server = server;
        panel.EventGenerated += truth.Enqueue;
    }

    public SimulatedPanel Panel { get; }

    public SimulatorServer Server { get; }

    public string Id => Panel.Id;

    public int Port => Server.EndPoint.Port;

    /// <summary>Every event the panel logged, in log order.</summary>
    public IReadOnlyList<GroundTruthEvent> Truth => [.. truth];

    public static async Task<SimulatedSite> StartAsync(PanelDefinition definition, TimeProvider? time = null)
    {
        var panel = new SimulatedPanel(definition, time);
        return new SimulatedSite(panel, await SimulatorServer.StartAsync(panel, new IPEndPoint(IPAddress.Loopback, 0)));
    }

    /// <summary>Makes the panel log at least <paramref name="count"/> events (zone violations and restores in turn).</summary>
    public void Generate(int count)
    {
        var target = truth.Count + count;
        while (truth.Count < target)
        {
            var z = zone++ % 8 + 1;
            if (!Panel.ViolateZone(z)) Panel.RestoreZone(z);
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
