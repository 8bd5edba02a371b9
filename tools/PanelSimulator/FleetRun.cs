using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PanelSimulator;

/// <summary>Runs a fleet from the command line until Ctrl+C, reporting what it listens on and what it generated.</summary>
internal static class FleetRun
{
    private const int ListedPanels = 20;

    public static async Task<int> RunAsync(FleetOptions options, FaultSettings faults, TextWriter output, CancellationToken ct)
    {
        // Ctrl+C and SIGTERM stop the fleet cleanly, so the ground-truth file ends with every event generated.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        ct = stop.Token;
        SimulatorFleet fleet;
        try
        {
            fleet = await SimulatorFleet.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (fleet.ConfigureAwait(false))
        {
            foreach (var server in fleet.Servers)
                server.Faults.CopyFrom(faults);
            Describe(fleet, options, output);
            var last = 0L;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            try
            {
                while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                {
                    var total = fleet.EventsGenerated;
                    var clients = fleet.Servers.Count(s => s.HasClient);
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} events {total} (+{total - last}), clients {clients}/{fleet.Servers.Count}");
                    last = total;
                }
            }
            catch (OperationCanceledException)
            {
                output.WriteLine($"Stopping; {fleet.EventsGenerated} events generated.");
            }
        }
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static void Describe(SimulatorFleet fleet, FleetOptions options, TextWriter output)
    {
        var encrypted = fleet.Panels[0].Definition.IntegrationKey is not null ? "encrypted" : "plain";
        output.WriteLine($"{fleet.Servers.Count} panels ({fleet.Panels[0].Definition.Model}, {encrypted}):");
        foreach (var server in fleet.Servers.Take(ListedPanels))
            output.WriteLine($"  {server.Panel.Id} listening on {server.EndPoint}");
        if (fleet.Servers.Count > ListedPanels)
            output.WriteLine($"  … {fleet.Servers[^1].Panel.Id} listening on {fleet.Servers[^1].EndPoint}");
        output.WriteLine(
            $"Traffic: {(options.Scenario is null ? "no scenario" : "scenario")}, {options.RandomEventsPerSecond} random events/s per panel" +
            (options.GroundTruthPath is { } path ? $"; ground truth → {path}" : "") + ". Ctrl+C stops.");
    }
}
