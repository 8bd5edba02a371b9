using Domain;
using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;
using EventStore;

namespace Host.Tests.Replica;

/// <summary>
/// Facts around one UTC <see cref="Day"/>, appended straight to the store. Tenant "tenant-a" has a panel and alarms;
/// "acme, \"east\"" a site only (an empty report, and a tenant id that needs CSV quoting and a safe folder name);
/// "gone" a site decommissioned before the day (no report). Expected figures are worked out in the comments.
/// </summary>
internal sealed class DailyReportScenario(DateOnly day)
{
    public const string TenantA = "tenant-a";
    public const string TenantB = "acme, \"east\"";
    public DateOnly Day { get; } = day;

    private DateTimeOffset At(double hours) => new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hours);

    public async Task AppendAsync(PostgresEventStore store)
    {
        var siteA = await SiteAsync(store, TenantA, At(-12));
        await SiteAsync(store, TenantB, At(-12));
        var gone = await SiteAsync(store, "gone", At(-120));
        await store.AppendAsync(gone, "site", ExpectedVersion.Any, new SiteDecommissioned(gone, "contract ended", At(-48)));

        // Connectivity: one panel, offline 10:00–12:00: 1 loss, 7200 s, uptime 100 * (1 - 7200/86400) = 91.667 %.
        var panel = StreamIds.Panel(Guid.CreateVersion7());
        await store.AppendAsync(panel, "panel", ExpectedVersion.NoStream,
            new PanelRegistered(panel, siteA, PanelModel.Integra64, "10.0.0.7", 7094, [new(1, "Hall")], [new(1, "Door", 1)], null, At(-12)),
            new PanelConnected(panel, At(-11)),
            new PanelCommunicationLost(panel, "no answer", At(10)),
            new PanelCommunicationRestored(panel, At(12)));

        // Raised that day: burglary (false alarm), fire (resolved only after midnight: open at the day's end).
        // Acknowledged that day: burglary after 30 s, fire after 60 s, and a tamper raised the day before after
        // 70 min (4200 s): p50 60 s, p95 60 + 0.9 * (4200 - 60) = 3786 s. Resolved that day: the burglary, 600 s.
        await AlarmAsync(store, siteA, panel, AlarmKind.Burglary, At(14),
            a => new AlarmAcknowledged(a, "olga", At(14).AddSeconds(30)),
            a => new AlarmResolved(a, "olga", AlarmOutcome.FalseAlarm, "cat", At(14).AddMinutes(10)));
        await AlarmAsync(store, siteA, panel, AlarmKind.Fire, At(23.5),
            a => new AlarmAcknowledged(a, "piotr", At(23.5).AddSeconds(60)),
            a => new AlarmResolved(a, "piotr", AlarmOutcome.Real, "brigade", At(24.5)));
        await AlarmAsync(store, siteA, panel, AlarmKind.Tamper, At(-1),
            a => new AlarmAcknowledged(a, "olga", At(-1).AddMinutes(70)));
        await AlarmAsync(store, siteA, panel, AlarmKind.Panic, At(30)); // the next day: not in this day's report
    }

    private static async Task<string> SiteAsync(PostgresEventStore store, string tenant, DateTimeOffset at)
    {
        var site = StreamIds.Site(Guid.CreateVersion7());
        await store.AppendAsync(site, "site", ExpectedVersion.NoStream, new SiteRegistered(site, "Site of " + tenant,
            new SiteAddress("Polna 1", "00-001", "Warszawa", "PL"), tenant, [new SiteContact(1, "Jan", "+48 600 000 001")], "", at));
        return site;
    }

    private static async Task AlarmAsync(PostgresEventStore store, string site, string panel, AlarmKind kind, DateTimeOffset raisedAt,
        params Func<string, object>[] then)
    {
        var alarm = StreamIds.Alarm(Guid.CreateVersion7());
        object[] events = [new AlarmRaised(alarm, site, panel, kind, AlarmPriorities.For(kind), 1, 1, "t-" + alarm, raisedAt), .. then.Select(f => f(alarm))];
        await store.AppendAsync(alarm, "alarm", ExpectedVersion.NoStream, events);
    }
}
