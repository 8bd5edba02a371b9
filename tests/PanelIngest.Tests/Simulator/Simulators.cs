using System.Net;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

/// <summary>Starts a simulated module on a free loopback port, with a panel of its own.</summary>
internal static class Simulators
{
    public static Task<SimulatorServer> StartAsync(PanelDefinition? definition = null, SimulatorOptions? options = null) =>
        SimulatorServer.StartAsync(
            new SimulatedPanel(definition ?? PanelDefinition.Standard($"test-{Guid.NewGuid():N}")),
            new IPEndPoint(IPAddress.Loopback, 0),
            options);

    /// <summary>Collects a panel's ground truth as it is generated.</summary>
    public static List<GroundTruthEvent> Record(SimulatedPanel panel)
    {
        var events = new List<GroundTruthEvent>();
        panel.EventGenerated += e =>
        {
            lock (events)
                events.Add(e);
        };
        return events;
    }
}
