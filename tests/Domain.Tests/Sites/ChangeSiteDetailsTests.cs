using Domain.Sites;
using static Domain.Tests.Sites.SiteExamples;

namespace Domain.Tests.Sites;

public sealed class ChangeSiteDetailsTests
{
    private static readonly SiteContact Manager = new(1, "Ewa Wiśniewska", "+48 600 500 600");
    private static readonly DateTimeOffset Later = T0.AddDays(2);

    private static ChangeSiteDetails Change => new(SiteId, "Bakery & Café", Address, [Neighbour, Manager], Notes, Later);

    [Fact]
    public void Changes_the_details_with_contacts_in_call_order() =>
        Specs.Site
            .Given(Registered)
            .When(Change)
            .Then(new SiteDetailsChanged(SiteId, "Bakery & Café", Address, [Manager, Neighbour], Notes, Later));

    [Fact]
    public void The_site_then_has_the_new_details() =>
        Specs.Site
            .Given(Registered)
            .When(Change)
            .ThenState(s =>
            {
                Assert.Equal("Bakery & Café", s.Name);
                Assert.Equal([Manager, Neighbour], s.Contacts);
                Assert.Equal(TenantId, s.TenantId);
            });

    [Fact]
    public void The_same_details_are_already_satisfied() =>
        Specs.Site
            .Given(Registered)
            .When(new ChangeSiteDetails(SiteId, Name, Address, [Neighbour, Owner], Notes, Later))
            .ThenNothing();

    [Fact]
    public void Details_already_changed_are_already_satisfied() =>
        Specs.Site
            .Given(Registered, new SiteDetailsChanged(SiteId, "Bakery & Café", Address, [Manager, Neighbour], Notes, Later))
            .When(Change)
            .ThenNothing();

    [Fact]
    public void A_site_that_is_not_registered_is_refused() =>
        Specs.Site.When(Change).ThenThrows<DomainException>();

    [Fact]
    public void A_decommissioned_site_is_refused() =>
        Specs.Site.Given(Registered, Decommissioned).When(Change).ThenThrows<DomainException>();

    [Fact]
    public void Removing_every_contact_is_refused() =>
        Specs.Site.Given(Registered).When(Change with { Contacts = [] }).ThenThrows<DomainException>();
}
