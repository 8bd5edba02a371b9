using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class ScenarioTests
{
    [Fact]
    public void Parses_the_line_language()
    {
        var scenario = Scenario.Parse("""
            # a burglary
            +2s violate zone 3
            +5s arm partition 1 user 2
            +8s ac-loss
            +9s   tamper zone 2   # trailing comment
            +12.5s restore zone 3
            +13000ms output 1 on
            repeat 1m
            """);

        Assert.Equal(
            [
                new ScenarioStep(TimeSpan.FromSeconds(2), ScenarioAction.ViolateZone, 3),
                new ScenarioStep(TimeSpan.FromSeconds(5), ScenarioAction.ArmPartition, 1, User: 2),
                new ScenarioStep(TimeSpan.FromSeconds(8), ScenarioAction.AcLoss),
                new ScenarioStep(TimeSpan.FromSeconds(9), ScenarioAction.TamperZone, 2),
                new ScenarioStep(TimeSpan.FromSeconds(12.5), ScenarioAction.RestoreZone, 3),
                new ScenarioStep(TimeSpan.FromSeconds(13), ScenarioAction.OutputOn, 1),
            ],
            scenario.Steps);
        Assert.Equal(TimeSpan.FromMinutes(1), scenario.RepeatEvery);
    }

    [Theory]
    [InlineData("+2s explode zone 3")]
    [InlineData("2s violate zone 3")]
    [InlineData("+2 violate zone 3")]
    [InlineData("+2s violate zone 300")]
    [InlineData("+5s ac-loss\n+2s ac-restore")]
    [InlineData("+5s ac-loss\nrepeat 1s")]
    public void Refuses_what_is_not_in_the_language(string text) =>
        Assert.Throws<FormatException>(() => Scenario.Parse(text));

    [Fact]
    public void The_lively_scenario_raises_an_alarm_within_a_minute()
    {
        var lively = BuiltInScenarios.Find("lively")!;
        var panel = new SimulatedPanel(PanelDefinition.Standard("lively"));
        var truth = Simulators.Record(panel);

        foreach (var step in lively.Steps.Where(s => s.At < TimeSpan.FromMinutes(1)))
            Assert.True(step.ApplyTo(panel), $"{step} did not apply to a standard panel");

        Assert.Contains(truth, e => e.Kind == Domain.Panels.PanelEventKind.BurglaryAlarm);
        Assert.Contains(truth, e => e.Kind == Domain.Panels.PanelEventKind.Tamper);
        Assert.Contains(truth, e => e.Kind == Domain.Panels.PanelEventKind.Trouble);
        Assert.Equal(TimeSpan.FromMinutes(1), lively.RepeatEvery);
    }

    [Fact]
    public async Task The_scheduler_plays_a_scenario_in_order()
    {
        var panel = new SimulatedPanel(PanelDefinition.Standard("played"));
        var truth = Simulators.Record(panel);
        await using var scheduler = new TrafficScheduler();

        scheduler.AddScenario(panel, Scenario.Parse("+10ms violate zone 3\n+20ms arm partition 2\n+30ms restore zone 3"));

        Assert.True(await Eventually.TrueAsync(() => panel.EventsGenerated == 3));
        Assert.Equal([99, 401, 99], truth.Select(t => t.Code));
    }

    [Fact]
    public async Task Random_traffic_runs_at_about_the_configured_rate()
    {
        var panel = new SimulatedPanel(PanelDefinition.Standard("random"));
        await using var scheduler = new TrafficScheduler();

        scheduler.AddRandomTraffic(panel, eventsPerSecond: 200, seed: 42);

        Assert.True(await Eventually.TrueAsync(() => scheduler.ActionsRun >= 100, TimeSpan.FromSeconds(10)));
        Assert.True(panel.EventsGenerated >= 50);
        Assert.Equal(0, scheduler.ActionsFailed);
    }
}
