using System.Collections.Concurrent;

namespace Host.Infrastructure;

/// <summary>
/// A bounded map of site id → tenant. Safe to keep because a site's tenant never changes once registered. When it
/// is full it starts again empty: a simple bound, and a miss only costs one read of the site's stream.
/// </summary>
internal sealed class SiteTenantCache(int capacity = 100_000)
{
    private ConcurrentDictionary<string, string> _tenants = new(StringComparer.Ordinal);

    public bool TryGet(string siteId, out string tenant) => _tenants.TryGetValue(siteId, out tenant!);

    public void Remember(string siteId, string tenant)
    {
        if (_tenants.Count >= capacity) _tenants = new(StringComparer.Ordinal);
        _tenants[siteId] = tenant;
    }
}
