using Domain.Sites;
using Host.Infrastructure;

namespace Host.Panels;

/// <summary>
/// Panels and alarms carry no tenant of their own: they belong to the tenant of their site. Every panel and alarm
/// request checks it through the site's stream.
/// </summary>
internal static class SiteTenancy
{
    /// <summary>True when <paramref name="siteId"/> is a registered site of the caller's tenant.</summary>
    public static async Task<bool> IsSiteOfCallerAsync(this CommandExecutor commands, string siteId, RequestContext request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(siteId)) return false;
        if (commands.SiteTenants.TryGet(siteId, out var known)) return known == request.Tenant;
        var site = await commands.LoadAsync<SiteState, SiteEvent>(siteId, SiteState.Initial, SiteState.Evolve, ct);
        if (site is not { State.Status: not SiteStatus.NotRegistered }) return false;
        commands.SiteTenants.Remember(siteId, site.State.TenantId);
        return site.State.TenantId == request.Tenant;
    }
}
