using System.Diagnostics;
using Domain;
using EventStore;

namespace Bench.Projections;

/// <summary>A tenant of the simulated fleet: its sites and panels, in the order they were generated.</summary>
public sealed record FleetTenant(string Tenant, IReadOnlyList<string> SiteIds, IReadOnlyList<string> PanelIds);

/// <summary>
/// Appends the fleet's year to the store the way the seed of the api scenario does: the domain's own records under
/// their pinned names, in multi-stream appends big enough for the store's COPY path. Sites go first (the report
/// read models take a row's tenant from its site), then panels in chunks, each chunk's panel streams together with
/// their alarm streams.
/// </summary>
public static class FleetSeed
{
    private const int EventsPerAppend = 8_000;

    public static async Task<(List<FleetTenant> Tenants, long Events, double Seconds)> AppendAsync(
        PostgresEventStore store, FleetHistory history, IReadOnlyList<(string Tenant, int Panels)> tenants, double armingShare)
    {
        var clock = Stopwatch.StartNew();
        long events = 0;
        var result = new List<FleetTenant>();
        var panelIndex = 0;
        foreach (var (tenant, panels) in tenants)
        {
            var metadata = new EventMetadata(UserId: "bench-seed", Tenant: tenant);
            var siteIds = Enumerable.Range(0, panels).Select(i => StreamIds.Site(DeterministicGuid(tenant, i))).ToArray();
            foreach (var chunk in siteIds.Chunk(1_000))
            {
                await store.AppendAsync(chunk.Select((id, i) => new StreamAppend(id, "site", ExpectedVersion.NoStream,
                    [new NewEvent(FleetHistory.Site(id, tenant, i, history.Start.AddDays(-1)), metadata)])).ToArray());
                events += chunk.Length;
            }

            var panelIds = new List<string>();
            var pending = new List<StreamAppend>();
            var pendingEvents = 0;
            for (var i = 0; i < panels; i++)
            {
                var year = history.Panel(siteIds[i], panelIndex++, armingShare);
                panelIds.Add(year.PanelId);
                pending.Add(Stream(year.PanelId, "panel", year.PanelEvents, metadata));
                pending.AddRange(year.Alarms.Select(a => Stream(((Domain.Alarms.AlarmRaised)a[0]).AlarmId, "alarm", a, metadata)));
                pendingEvents += year.Count;
                if (pendingEvents >= EventsPerAppend || i == panels - 1)
                {
                    await store.AppendAsync(pending);
                    events += pendingEvents;
                    (pending, pendingEvents) = ([], 0);
                }
            }
            result.Add(new FleetTenant(tenant, siteIds, panelIds));
            Console.WriteLine($"  .. seeded {tenant}: {panels:N0} sites and panels, {events:N0} events so far, {clock.Elapsed.TotalSeconds:F1} s");
        }
        return (result, events, clock.Elapsed.TotalSeconds);
    }

    private static StreamAppend Stream(string id, string type, IReadOnlyList<object> events, EventMetadata metadata) =>
        new(id, type, ExpectedVersion.NoStream, [.. events.Select(e => new NewEvent(e, metadata))]);

    private static Guid DeterministicGuid(string tenant, int i)
    {
        var bytes = new byte[16];
        new Random(HashCode.Combine(tenant.GetHashCode(StringComparison.Ordinal), i)).NextBytes(bytes);
        return new Guid(bytes);
    }
}
