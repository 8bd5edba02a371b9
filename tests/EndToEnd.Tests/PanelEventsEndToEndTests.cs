using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// Issue 5, end to end with the real PostgreSQL and RabbitMQ: three simulated panels play a scripted scenario with
/// random activity on top → PanelIngest (a real process) → outbox → RabbitMQ → Host → panel streams and alarms,
/// compared with the simulator's ground truth: nothing missing, nothing twice, order per panel kept; also when the
/// ingest process is killed (SIGKILL) mid-run and another one started.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PanelEventsEndToEndTests(ITestOutputHelper output)
{
    private const int Panels = 3;
    private const int Backlog = 4; // logged before any ingest runs: read on first contact
    private const int BurstPerPanel = 40; // four batches of the ingest's 10

    [Fact]
    public async Task Every_panel_event_reaches_its_panel_stream_once_in_panel_order_and_raises_its_alarms()
    {
        await using var system = await EndToEndSystem.StartAsync(nameof(PanelEventsEndToEndTests), Panels, Backlog);
        await system.DiagnoseAsync(output, async () =>
        {
            system.StartIngest("node-1");
            await system.AllConnectedAsync();
            output.WriteLine(system.Timed("every panel connected"));

            await HostAgreement.PlayScenarioAsync(system);
            output.WriteLine(system.Timed("scenario played"));

            await HostAgreement.AssertMatchesGroundTruthAsync(system);
            output.WriteLine(system.Timed($"{system.Sites.Generated} panel events generated, each recorded once in panel order"));
        });
    }

    [Fact]
    public async Task An_ingest_killed_mid_run_and_restarted_loses_nothing_and_records_nothing_twice()
    {
        await using var system = await EndToEndSystem.StartAsync(nameof(PanelEventsEndToEndTests), Panels, Backlog);
        await system.DiagnoseAsync(output, async () =>
        {
            var first = system.StartIngest("node-1");
            await system.AllConnectedAsync();
            output.WriteLine(system.Timed("every panel connected"));
            var generatedAtKill = 0;
            var recordedAtKill = 0;

            await HostAgreement.PlayScenarioAsync(system, whilePlaying: async () =>
            {
                // A third of the scenario into the run, the panels log a burst (several batches each); once the Host
                // has recorded some of it but not all (the rest not read yet, in the outbox or in RabbitMQ), the
                // ingest is killed mid-flow.
                var started = Enumerable.Range(0, Panels).Select(i => system.Sites.TruthOf(i).Count).ToArray();
                await Eventually.HoldsAsync(() => Enumerable.Range(0, Panels).All(i => system.Sites.TruthOf(i).Count - started[i] >= SiteScenario.Script.Steps.Count / 3),
                    "a third of the scenario generated");
                var beforeBurst = await RecordedTotalAsync(system);
                system.Sites.Burst(BurstPerPanel);
                await Eventually.HoldsAsync(async () =>
                {
                    generatedAtKill = system.Sites.Generated;
                    recordedAtKill = await RecordedTotalAsync(system);
                    return recordedAtKill > beforeBurst && recordedAtKill < generatedAtKill;
                }, "the burst partly recorded");
                first.Kill();
                output.WriteLine(system.Timed($"killed node-1 (pid {first.Id}) with {generatedAtKill} events generated, {recordedAtKill} recorded, {await system.OutboxBacklogAsync()} left in the outbox"));

                // Not for correctness: a pause in which the panels log events that nobody reads, as after a real crash.
                await Task.Delay(TimeSpan.FromSeconds(1));
                var second = system.StartIngest("node-2");
                output.WriteLine(system.Timed($"started node-2 (pid {second.Id}) with {system.Sites.Generated} events generated"));
            });

            await HostAgreement.AssertMatchesGroundTruthAsync(system);
            Assert.True(recordedAtKill < system.Sites.Generated, "the kill came before the end of the run");
            Assert.True(generatedAtKill < system.Sites.Generated, "the panels went on logging after the kill");
            // The new instance took the panels over once the dead one's leases expired.
            var owners = await system.LeaseOwnersAsync();
            Assert.All(system.PanelIds, id => Assert.Equal("node-2", owners.GetValueOrDefault(id)));
            output.WriteLine(system.Timed($"{system.Sites.Generated} panel events generated, each recorded once in panel order"));
        });
    }

    private static async Task<int> RecordedTotalAsync(EndToEndSystem system)
    {
        var total = 0;
        foreach (var id in system.PanelIds) total += (await system.RecordedAsync(id)).Count;
        return total;
    }
}
