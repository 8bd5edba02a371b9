namespace Domain.Sites;

public enum SiteStatus
{
    NotRegistered = 0,
    Active = 1,
    Decommissioned = 2,
}

/// <summary>A site as folded from its stream.</summary>
public sealed record SiteState(
    SiteStatus Status,
    string SiteId,
    string Name,
    SiteAddress Address,
    string TenantId,
    IReadOnlyList<SiteContact> Contacts,
    string Notes)
{
    public static readonly SiteState Initial = new(SiteStatus.NotRegistered, "", "", SiteAddress.None, "", [], "");

    /// <summary>Applies one event. Never throws: an event is a fact already stored.</summary>
    public static SiteState Evolve(SiteState state, SiteEvent @event) => @event switch
    {
        SiteRegistered e => new(SiteStatus.Active, e.SiteId, e.Name, e.Address, e.TenantId, e.Contacts, e.Notes),
        SiteDetailsChanged e => state with { Name = e.Name, Address = e.Address, Contacts = e.Contacts, Notes = e.Notes },
        SiteDecommissioned => state with { Status = SiteStatus.Decommissioned },
        _ => state,
    };
}
