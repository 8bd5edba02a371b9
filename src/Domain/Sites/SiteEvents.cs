namespace Domain.Sites;

/// <summary>A fact in a site stream ("site-…"). The hierarchy is closed: only the records below derive from it.</summary>
public abstract record SiteEvent(string SiteId);

/// <summary>The site was taken into monitoring for <paramref name="TenantId"/>.</summary>
public sealed record SiteRegistered(
    string SiteId,
    string Name,
    SiteAddress Address,
    string TenantId,
    IReadOnlyList<SiteContact> Contacts,
    string Notes,
    DateTimeOffset RegisteredAt) : SiteEvent(SiteId)
{
    public bool Equals(SiteRegistered? other) =>
        other is not null && base.Equals(other) && Name == other.Name && Address == other.Address
        && TenantId == other.TenantId && ListEquality.Equal(Contacts, other.Contacts) && Notes == other.Notes
        && RegisteredAt == other.RegisteredAt;

    public override int GetHashCode() =>
        HashCode.Combine(base.GetHashCode(), Name, Address, TenantId, ListEquality.Hash(Contacts), Notes, RegisteredAt);
}

/// <summary>The site's name, address, contacts or notes changed. Carries the complete new details.</summary>
public sealed record SiteDetailsChanged(
    string SiteId,
    string Name,
    SiteAddress Address,
    IReadOnlyList<SiteContact> Contacts,
    string Notes,
    DateTimeOffset ChangedAt) : SiteEvent(SiteId)
{
    public bool Equals(SiteDetailsChanged? other) =>
        other is not null && base.Equals(other) && Name == other.Name && Address == other.Address
        && ListEquality.Equal(Contacts, other.Contacts) && Notes == other.Notes && ChangedAt == other.ChangedAt;

    public override int GetHashCode() =>
        HashCode.Combine(base.GetHashCode(), Name, Address, ListEquality.Hash(Contacts), Notes, ChangedAt);
}

/// <summary>The site is no longer monitored. Its history stays; it cannot be changed any more.</summary>
public sealed record SiteDecommissioned(string SiteId, string Reason, DateTimeOffset DecommissionedAt) : SiteEvent(SiteId);
