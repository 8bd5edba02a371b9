namespace Domain.Sites;

/// <summary>Decides what a site command means for a site: pure, no clock, no I/O.</summary>
public static class SiteDecider
{
    public static IReadOnlyList<SiteEvent> Decide(SiteCommand command, SiteState state) => (command, state.Status) switch
    {
        (RegisterSite c, SiteStatus.NotRegistered) => Register(c),
        (RegisterSite c, SiteStatus.Active) => IsSameRegistration(c, state)
            ? []
            : throw new DomainException($"Site {c.SiteId} is already registered with other details; change its details instead."),
        (RegisterSite c, SiteStatus.Decommissioned) =>
            throw new DomainException($"Site {c.SiteId} was decommissioned and cannot be registered again; register a new site."),
        (_, SiteStatus.NotRegistered) => throw new DomainException($"Site {command.SiteId} is not registered."),
        (ChangeSiteDetails c, SiteStatus.Active) => ChangeDetails(c, state),
        (ChangeSiteDetails c, SiteStatus.Decommissioned) =>
            throw new DomainException($"Site {c.SiteId} is decommissioned; its details can no longer be changed."),
        (DecommissionSite c, SiteStatus.Active) => [new SiteDecommissioned(c.SiteId, c.Reason, c.Now)],
        (DecommissionSite, SiteStatus.Decommissioned) => [],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown site command or status."),
    };

    private static IReadOnlyList<SiteEvent> Register(RegisterSite c)
    {
        if (string.IsNullOrWhiteSpace(c.TenantId))
            throw new DomainException("A site must belong to a tenant.");
        var contacts = Validated(c.Name, c.Contacts);
        return [new SiteRegistered(c.SiteId, c.Name, c.Address, c.TenantId, contacts, c.Notes, c.Now)];
    }

    private static IReadOnlyList<SiteEvent> ChangeDetails(ChangeSiteDetails c, SiteState state)
    {
        var contacts = Validated(c.Name, c.Contacts);
        var unchanged = c.Name == state.Name && c.Address == state.Address && c.Notes == state.Notes
            && ListEquality.Equal(contacts, state.Contacts);
        return unchanged ? [] : [new SiteDetailsChanged(c.SiteId, c.Name, c.Address, contacts, c.Notes, c.Now)];
    }

    private static bool IsSameRegistration(RegisterSite c, SiteState state) =>
        c.Name == state.Name && c.Address == state.Address && c.TenantId == state.TenantId && c.Notes == state.Notes
        && ListEquality.Equal(InCallOrder(c.Contacts), state.Contacts);

    /// <summary>Checks the details every site must have and returns the contacts in call order.</summary>
    private static IReadOnlyList<SiteContact> Validated(string name, IReadOnlyList<SiteContact> contacts)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new DomainException("A site must have a name.");
        if (contacts.Count == 0)
            throw new DomainException("A site must have at least one contact for the operator to call.");
        if (contacts.Any(k => string.IsNullOrWhiteSpace(k.Name) || string.IsNullOrWhiteSpace(k.Phone)))
            throw new DomainException("Every contact needs a name and a phone number.");
        if (contacts.Any(k => k.CallOrder < 1))
            throw new DomainException("Call order starts at 1.");
        if (contacts.Select(k => k.CallOrder).Distinct().Count() != contacts.Count)
            throw new DomainException("Two contacts cannot have the same place in the call order.");
        return InCallOrder(contacts);
    }

    private static IReadOnlyList<SiteContact> InCallOrder(IReadOnlyList<SiteContact> contacts) =>
        [.. contacts.OrderBy(k => k.CallOrder)];
}
