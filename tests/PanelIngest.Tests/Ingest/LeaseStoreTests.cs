using PanelIngest.Ownership;

namespace PanelIngest.Tests.Ingest;

/// <summary>Leases against PostgreSQL: one holder per panel, taken back only when expired or released.</summary>
public sealed class LeaseStoreTests : IngestDatabase
{
    private LeaseStore Leases => new(DataSource, Schema);

    [Fact]
    public async Task Two_nodes_racing_for_the_same_panels_never_both_get_one()
    {
        var panels = Enumerable.Range(0, 50).Select(i => $"p{i}").ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Leases.AcquireAsync($"node{n}", panels, TimeSpan.FromSeconds(30), default)));
        Assert.Equal(50, results.Sum(r => r.Count));
        Assert.Equal(50, results.SelectMany(r => r).Distinct().Count());
    }

    [Fact]
    public async Task A_live_lease_is_not_taken_an_expired_one_is_and_the_old_holder_cannot_renew_it()
    {
        Assert.Single(await Leases.AcquireAsync("a", ["p1"], TimeSpan.FromMilliseconds(300), default));
        Assert.Empty(await Leases.AcquireAsync("b", ["p1"], TimeSpan.FromSeconds(30), default));
        Assert.Contains("p1", await Leases.HeldByOthersAsync("b", default));
        await Eventually(async () => (await Leases.AcquireAsync("b", ["p1"], TimeSpan.FromSeconds(30), default)).Count == 1, "the lease to expire", 10);
        Assert.Empty(await Leases.RenewAsync("a", ["p1"], TimeSpan.FromSeconds(30), default));
        Assert.Single(await Leases.RenewAsync("b", ["p1"], TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task Leaving_frees_every_lease_and_the_heartbeat_at_once()
    {
        Assert.Equal(1, await Leases.HeartbeatAsync("a", TimeSpan.FromSeconds(10), default));
        Assert.Equal(2, await Leases.HeartbeatAsync("b", TimeSpan.FromSeconds(10), default));
        await Leases.AcquireAsync("a", ["p1", "p2"], TimeSpan.FromMinutes(5), default);
        await Leases.LeaveAsync("a", default);
        Assert.Equal(2, (await Leases.AcquireAsync("b", ["p1", "p2"], TimeSpan.FromMinutes(5), default)).Count);
        Assert.Equal(1, await Leases.HeartbeatAsync("b", TimeSpan.FromSeconds(10), default));
    }
}
