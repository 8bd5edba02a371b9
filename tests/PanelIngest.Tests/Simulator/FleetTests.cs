using System.Net;
using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class FleetTests
{
    [Fact]
    public async Task A_fleet_of_500_panels_starts_and_answers_on_every_one()
    {
        await using var fleet = await SimulatorFleet.StartAsync(new FleetOptions
        {
            Panels = 500,
            Definition = i => PanelDefinition.Standard($"fleet-{i}", logCapacity: 50),
        });

        Assert.Equal(500, fleet.Servers.Select(s => s.EndPoint).Distinct().Count());
        using var gate = new SemaphoreSlim(50);
        var answers = await Task.WhenAll(fleet.Servers.Select(async server =>
        {
            await gate.WaitAsync();
            try
            {
                await using var client = await SatelTestClient.ConnectAsync(server.EndPoint);
                return (await client.AskAsync(new ReadPanelVersion())).Command;
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.All(answers, command => Assert.Equal(0x7E, command));
    }

    [Fact]
    public async Task Panels_get_their_own_loopback_address_where_the_OS_allows_it()
    {
        await using var fleet = await SimulatorFleet.StartAsync(new FleetOptions
        {
            Panels = 3,
            Addressing = FleetAddressing.Addresses,
            BasePort = 0,
        });

        // Linux routes all of 127/8 to loopback; elsewhere the fleet falls back to ports on 127.0.0.1.
        string[] expected = SimulatorFleet.CanBindLoopbackAliases()
            ? ["127.0.1.1", "127.0.1.2", "127.0.1.3"]
            : ["127.0.0.1", "127.0.0.1", "127.0.0.1"];
        Assert.Equal(expected, fleet.Servers.Select(s => s.EndPoint.Address.ToString()));
        await using var client = await SatelTestClient.ConnectAsync(fleet.Servers[2].EndPoint);
        Assert.IsType<PanelVersionAnswer>(await client.AskAsync(new ReadPanelVersion()));
    }

    [Fact]
    public async Task Ground_truth_goes_to_the_file_and_the_fleet_alike()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ground-truth-{Guid.NewGuid():N}.jsonl");
        try
        {
            var fleet = await SimulatorFleet.StartAsync(new FleetOptions
            {
                Panels = 3,
                Scenario = Scenario.Parse("+0ms ac-loss\n+10ms violate zone 1"),
                ScenarioSpread = TimeSpan.Zero,
                GroundTruthPath = path,
            });
            Assert.True(await Eventually.TrueAsync(() => fleet.EventsGenerated == 6));
            var kept = fleet.GroundTruth;
            await fleet.DisposeAsync();

            var written = File.ReadAllLines(path).Select(GroundTruthWriter.FromJsonLine).ToList();
            Assert.Equal(kept, written);
            Assert.Equal(3, written.Select(e => e.PanelId).Distinct().Count());
            Assert.All(written, e => Assert.Matches("^[0-9A-F]{6}$", e.Index));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Endpoints_follow_the_addressing()
    {
        var options = new FleetOptions { BasePort = 17094 };
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 17096), SimulatorFleet.EndPointOf(2, options, FleetAddressing.Ports));
        Assert.Equal(IPEndPoint.Parse("127.0.2.1:17094"), SimulatorFleet.EndPointOf(256, options, FleetAddressing.Addresses));
    }
}
