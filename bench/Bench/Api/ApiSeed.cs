using System.Diagnostics;
using Domain;
using Domain.Alarms;
using Domain.Sites;
using EventStore;

namespace Bench.Api;

/// <summary>The sites and raised alarms of one tenant, as appended.</summary>
public sealed record SeededTenant(string Tenant, IReadOnlyList<string> SiteIds, IReadOnlyList<string> AlarmIds);

/// <summary>
/// Seeds the Host's schema directly through the store (alarms are raised by panel events, not by a REST endpoint):
/// site_registered for each site, then alarm_raised for each alarm, in multi-stream appends of 1,000 streams.
/// The events are the domain's own records under their pinned names, as the Host registers them.
/// </summary>
public static class ApiSeed
{
    private const int StreamsPerAppend = 1_000;
    private static readonly AlarmKind[] Kinds = [AlarmKind.Burglary, AlarmKind.Fire, AlarmKind.Tamper, AlarmKind.Trouble, AlarmKind.Panic, AlarmKind.Burglary];

    public static EventTypeRegistry Types()
    {
        var types = new EventTypeRegistry();
        foreach (var (type, name) in DomainEventTypes.All) types.Register(type, name);
        return types;
    }

    public static async Task<SeededTenant> TenantAsync(PostgresEventStore store, string tenant, int sites, int alarms)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var metadata = new EventMetadata(UserId: "bench-seed", Tenant: tenant);
        var siteIds = Enumerable.Range(0, sites).Select(_ => StreamIds.Site(Guid.CreateVersion7())).ToArray();
        var panelIds = siteIds.Select(_ => StreamIds.Panel(Guid.CreateVersion7())).ToArray();
        await AppendAsync(store, siteIds.Select((id, i) => new StreamAppend(id, "site", ExpectedVersion.NoStream,
            [new NewEvent(new SiteRegistered(id, $"Bench site {i}", new SiteAddress("Benchmark St 1", "00-001", "Warsaw", "PL"), tenant,
                [new SiteContact(1, "Guard", "+48 600 000 000")], "", now), metadata)])));

        var alarmIds = Enumerable.Range(0, alarms).Select(_ => StreamIds.Alarm(Guid.CreateVersion7())).ToArray();
        await AppendAsync(store, alarmIds.Select((id, i) =>
        {
            var kind = Kinds[i % Kinds.Length];
            var raised = new AlarmRaised(id, siteIds[i % sites], panelIds[i % sites], kind, AlarmPriorities.For(kind), 1, i % 64 + 1,
                $"bench-trigger-{i}", now.AddMilliseconds(i - alarms));
            return new StreamAppend(id, "alarm", ExpectedVersion.NoStream, [new NewEvent(raised, metadata)]);
        }));
        Console.WriteLine($"  .. seeded tenant {tenant}: {sites} sites, {alarms:N0} raised alarms in {clock.Elapsed.TotalSeconds:F2} s");
        return new SeededTenant(tenant, siteIds, alarmIds);
    }

    private static async Task AppendAsync(PostgresEventStore store, IEnumerable<StreamAppend> appends)
    {
        foreach (var chunk in appends.Chunk(StreamsPerAppend)) await store.AppendAsync(chunk);
    }
}
