namespace Domain.Sites;

/// <summary>The site event types and their pinned stored names.</summary>
public static class SiteEventTypes
{
    public static IReadOnlyList<(Type Type, string StoredName)> All { get; } =
    [
        (typeof(SiteRegistered), "site_registered"),
        (typeof(SiteDetailsChanged), "site_details_changed"),
        (typeof(SiteDecommissioned), "site_decommissioned"),
    ];
}
