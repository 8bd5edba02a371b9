using PanelSimulator;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// Two instances competing for ten panels: each panel is owned (and connected to) by one instance at a time, they
/// share when both are alive, and the survivor takes over the panels of one that stops within seconds.
/// </summary>
public sealed class OwnershipTests : IngestDatabase
{
    [Fact]
    public async Task Two_instances_share_ten_panels_and_the_survivor_takes_over_all()
    {
        await using var directory = new PanelDirectory(Store);
        await directory.StartAsync();
        var sites = new List<SimulatedSite>();
        for (var i = 0; i < 10; i++)
        {
            var site = await SimulatedSite.StartAsync(PanelDefinition.Standard($"own-{i}"));
            sites.Add(site);
            await directory.RegisterAsync(site.Id, "127.0.0.1", site.Port);
        }
        try
        {
            await using var a = await IngestNode.StartAsync(Schema, "node-a");
            await Eventually(() => Task.FromResult(a.Owned.Count == 10), "the first instance owning every panel");
            await using var b = await IngestNode.StartAsync(Schema, "node-b");

            // Shared: ceil(10 / 2) + slack 1 at most each, every panel exactly once, and never a module with two clients.
            await Eventually(() => Task.FromResult(a.Owned.Count is > 0 and <= 6 && b.Owned.Count is > 0 and <= 6 && a.Owned.Union(b.Owned).Count() == 10),
                "the panels shared between both instances");
            Assert.Empty(a.Owned.Intersect(b.Owned));
            await Eventually(() => Task.FromResult(sites.All(s => s.Server.HasClient)), "every module connected");
            Assert.Equal(10, await ScalarAsync("select count(distinct panel_id) from {schema}.ingest_leases where expires_at > now()"));

            var takeover = DateTime.UtcNow;
            await a.StopAsync();
            await Eventually(() => Task.FromResult(b.Owned.Count == 10), "the survivor owning every panel", seconds: 10);
            Assert.True(DateTime.UtcNow - takeover < TimeSpan.FromSeconds(10));
            await Eventually(() => Task.FromResult(sites.All(s => s.Server.HasClient)), "every module connected to the survivor", seconds: 10);
            Assert.DoesNotContain(b.Logs.Lines, l => l.Contains("lease lost", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var site in sites) await site.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_decommissioned_panel_is_let_go()
    {
        await using var directory = new PanelDirectory(Store);
        await directory.StartAsync();
        await using var site = await SimulatedSite.StartAsync(PanelDefinition.Standard("own-gone"));
        await directory.RegisterAsync(site.Id, "127.0.0.1", site.Port);
        await using var node = await IngestNode.StartAsync(Schema, "node-c");
        await Eventually(() => Task.FromResult(site.Server.HasClient), "the module connected");
        await directory.DecommissionAsync(site.Id);
        await Eventually(() => Task.FromResult(node.Owned.Count == 0 && !site.Server.HasClient), "the panel let go");
    }
}
