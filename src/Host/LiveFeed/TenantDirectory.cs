using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;
using EventStore;

namespace Host.LiveFeed;

/// <summary>
/// Whose is an event: alarms and panels belong to their site, and a site to its tenant. The links never change
/// (an alarm never moves site, a panel never moves, a site never changes tenant), so they are learned from the
/// registrations the tail reads and, for anything registered before the Host started, read once from the
/// stream's first event. Used by the one tail only.
/// </summary>
/// <remarks>
/// Each map keeps at most two generations of <paramref name="capacity"/> ids (a few MB at the default): far more
/// alarms than are ever open at once, and a forgotten link costs one read.
/// </remarks>
internal sealed class TenantDirectory(PostgresEventStore store, int capacity = 10_000)
{
    private readonly RecentMap _siteTenant = new(capacity);
    private readonly RecentMap _alarmSite = new(capacity);
    private readonly RecentMap _panelSite = new(capacity);

    /// <summary>Remembers the links a registration states.</summary>
    public void Learn(object data)
    {
        switch (data)
        {
            case SiteRegistered e: _siteTenant.Set(e.SiteId, e.TenantId); break;
            case PanelRegistered e: _panelSite.Set(e.PanelId, e.SiteId); break;
            case AlarmRaised e: _alarmSite.Set(e.AlarmId, e.SiteId); break;
        }
    }

    /// <summary>The site an alarm or panel event belongs to; null when its stream is unknown.</summary>
    public async Task<string?> SiteOfAsync(object data, CancellationToken ct) => data switch
    {
        AlarmRaised e => e.SiteId,
        AlarmEvent e => await LookUpAsync(_alarmSite, e.AlarmId, first => (first as AlarmRaised)?.SiteId, ct),
        PanelEvent e => await LookUpAsync(_panelSite, e.PanelId, first => (first as PanelRegistered)?.SiteId, ct),
        _ => null,
    };

    /// <summary>The tenant the site was registered for; null when it is not a registered site.</summary>
    public Task<string?> TenantOfAsync(string siteId, CancellationToken ct) =>
        LookUpAsync(_siteTenant, siteId, first => (first as SiteRegistered)?.TenantId, ct);

    private async Task<string?> LookUpAsync(RecentMap map, string streamId, Func<object?, string?> fromFirstEvent, CancellationToken ct)
    {
        if (map.TryGet(streamId, out var known)) return known;
        string? found = null;
        try
        {
            await foreach (var e in store.ReadStreamAsync(streamId, 1, maxCount: 1, new ReadOptions(SkipUnknownTypes: true), ct)) found = fromFirstEvent(e.Data);
        }
        catch (Exception e) when (e is StreamDeletedException or ArgumentException)
        {
            return null; // tombstoned, or an id no stream could have: nobody's
        }
        // Only found links are kept: a miss may be a registration not yet visible, and is asked again next time.
        if (found is not null) map.Set(streamId, found);
        return found;
    }
}
