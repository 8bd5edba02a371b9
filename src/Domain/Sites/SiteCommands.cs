namespace Domain.Sites;

/// <summary>A request to change a site stream. <paramref name="Now"/> is taken by the caller from its clock.</summary>
public abstract record SiteCommand(string SiteId, DateTimeOffset Now);

public sealed record RegisterSite(
    string SiteId,
    string Name,
    SiteAddress Address,
    string TenantId,
    IReadOnlyList<SiteContact> Contacts,
    string Notes,
    DateTimeOffset Now) : SiteCommand(SiteId, Now);

/// <summary>Replaces the site's details; the tenant cannot be changed.</summary>
public sealed record ChangeSiteDetails(
    string SiteId,
    string Name,
    SiteAddress Address,
    IReadOnlyList<SiteContact> Contacts,
    string Notes,
    DateTimeOffset Now) : SiteCommand(SiteId, Now);

public sealed record DecommissionSite(string SiteId, string Reason, DateTimeOffset Now) : SiteCommand(SiteId, Now);
