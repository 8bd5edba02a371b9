using System.Text.Json;

namespace EndToEnd.Tests;

/// <summary>
/// The end of a run, checked through the Host: once the traffic has stopped and everything has travelled, each panel
/// stream equals its panel's ground truth, the board holds the alarms the ground truth asks for, and the panels show
/// Connected with the simulator's arming and zone state.
/// </summary>
internal static class HostAgreement
{
    /// <summary>Starts the scenario with random traffic on every panel and waits until every panel has played its last step, then stops the traffic.</summary>
    public static async Task PlayScenarioAsync(EndToEndSystem system, Func<Task>? whilePlaying = null)
    {
        system.Sites.StartTraffic(SiteScenario.Script, randomEventsPerSecond: 1, seed: 11);
        if (whilePlaying is not null) await whilePlaying();
        await Eventually.HoldsAsync(() => Enumerable.Range(0, system.Sites.Count).All(i => SiteScenario.Finished(system.Sites.TruthOf(i))),
            "every panel's scenario played to its last step");
        await system.Sites.StopTrafficAsync();
    }

    public static async Task AssertMatchesGroundTruthAsync(EndToEndSystem system)
    {
        // Everything arrived: each stream holds at least as many panel events as its panel generated (more would be
        // a duplicate, which the comparison below names), and nothing for these panels waits in the outbox.
        await Eventually.HoldsAsync(async () =>
        {
            for (var i = 0; i < system.Sites.Count; i++)
                if ((await system.RecordedAsync(system.PanelIds[i])).Count < system.Sites.TruthOf(i).Count) return false;
            return await system.OutboxBacklogAsync() == 0;
        }, "every generated panel event recorded in the Host");

        for (var i = 0; i < system.Sites.Count; i++)
            GroundTruthAssert.PanelStreamMatches(system.PanelIds[i], system.Sites.TruthOf(i), await system.RecordedAsync(system.PanelIds[i]));

        // The board is a projection: it catches up shortly after the streams.
        List<JsonElement> board = [];
        var expected = Enumerable.Range(0, system.Sites.Count).Select(i => GroundTruthAssert.ExpectedAlarms(system.Sites.TruthOf(i))).ToList();
        // Without an exception on timeout: the equality below then says what differs.
        await Eventually.TriesAsync(async () =>
        {
            board = await system.BoardAsync();
            return Enumerable.Range(0, system.Sites.Count).All(i => expected[i].SequenceEqual(GroundTruthAssert.BoardAlarms(board, system.PanelIds[i])));
        }, seconds: 30);
        for (var i = 0; i < system.Sites.Count; i++)
        {
            Assert.NotEmpty(expected[i]); // the scenario raises alarms on every panel: this is no empty comparison
            Assert.Equal(expected[i], GroundTruthAssert.BoardAlarms(board, system.PanelIds[i]));
        }

        for (var i = 0; i < system.Sites.Count; i++)
        {
            var panel = await system.PanelAsync(system.PanelIds[i]);
            var simulated = system.Sites.Panel(i);
            Assert.Equal("Connected", panel.GetProperty("connection").GetString());
            // Folded from the recorded panel events in stream order: the simulator's state only if the order was kept.
            Assert.Equal(simulated.Definition.Partitions.Select(p => p.Number).Where(simulated.IsArmed),
                panel.GetProperty("armedPartitions").EnumerateArray().Select(p => p.GetInt32()));
            Assert.Equal(simulated.Definition.Zones.Select(z => z.Number).Where(simulated.IsViolated),
                panel.GetProperty("violatedZones").EnumerateArray().Select(z => z.GetInt32()));
        }
    }
}
