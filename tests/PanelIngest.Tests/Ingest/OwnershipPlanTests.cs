using PanelIngest.Ownership;

namespace PanelIngest.Tests.Ingest;

/// <summary>Sharing panels: a fair share plus slack, never a panel another instance holds, decommissioned ones let go.</summary>
public sealed class OwnershipPlanTests
{
    private static HashSet<string> Panels(int from, int count) => Enumerable.Range(from, count).Select(i => $"p{i:00}").ToHashSet();

    private static OwnershipPlan Plan(HashSet<string> active, HashSet<string> owned, HashSet<string> others, int live, int slack = 0) =>
        OwnershipPlan.Make(active, owned, others, live, slack, ps => ps.Order(StringComparer.Ordinal));

    [Fact]
    public void Alone_an_instance_takes_every_panel()
    {
        var plan = Plan(Panels(0, 10), [], [], live: 1);
        Assert.Equal(10, plan.Acquire.Count);
        Assert.Empty(plan.Release);
    }

    [Fact]
    public void With_others_alive_it_takes_only_its_share_plus_slack_and_never_a_held_panel()
    {
        var active = Panels(0, 10);
        var others = Panels(0, 3);
        var plan = Plan(active, [], others, live: 2, slack: 1);
        Assert.Equal(6, plan.Cap);
        Assert.Equal(6, plan.Acquire.Count);
        Assert.Empty(plan.Acquire.Intersect(others));
    }

    [Fact]
    public void Above_its_share_it_releases_the_excess()
    {
        var plan = Plan(Panels(0, 10), Panels(0, 10), [], live: 2, slack: 1);
        Assert.Equal(4, plan.Release.Count);
        Assert.Empty(plan.Acquire);
    }

    [Fact]
    public void Decommissioned_or_removed_panels_are_released()
    {
        var plan = Plan(Panels(0, 3), Panels(0, 5), [], live: 1, slack: 2);
        Assert.Equal(["p03", "p04"], plan.Release.Order().ToArray());
    }

    [Fact]
    public void No_panels_no_work()
    {
        var plan = Plan([], [], [], live: 3, slack: 2);
        Assert.Equal(0, plan.Cap);
        Assert.Empty(plan.Acquire);
    }
}
