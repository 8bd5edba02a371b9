using Domain.Sites;
using Host.Infrastructure;

namespace Host.Sites;

/// <summary>What the site slices share: the stream type, and the tenant check every site request makes.</summary>
internal static class SiteStreams
{
    public const string StreamType = "site";

    /// <summary>Another tenant's site is reported as not found: its existence is not disclosed.</summary>
    public static SiteState OwnedBy(this SiteState state, RequestContext request, string siteId) =>
        state.Status != SiteStatus.NotRegistered && state.TenantId != request.Tenant ? throw new NotFoundException($"Site {siteId}") : state;
}
