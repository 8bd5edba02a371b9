using Domain.Sites;
using static Domain.Tests.Sites.SiteExamples;

namespace Domain.Tests.Sites;

public sealed class RegisterSiteTests
{
    [Fact]
    public void Registers_the_site_with_its_contacts_in_call_order() =>
        Specs.Site
            .When(Register with { Contacts = [Neighbour, Owner] })
            .Then(Registered);

    [Fact]
    public void A_registered_site_is_active() =>
        Specs.Site
            .When(Register)
            .ThenState(s =>
            {
                Assert.Equal(SiteStatus.Active, s.Status);
                Assert.Equal(TenantId, s.TenantId);
                Assert.Equal([Owner, Neighbour], s.Contacts);
            });

    [Fact]
    public void Registering_the_same_site_again_is_already_satisfied() =>
        Specs.Site.Given(Registered).When(Register with { Now = T0.AddMinutes(5) }).ThenNothing();

    [Fact]
    public void Registering_a_registered_site_with_other_details_is_refused() =>
        Specs.Site.Given(Registered).When(Register with { Name = "Another bakery" }).ThenThrows<DomainException>();

    [Fact]
    public void Registering_a_decommissioned_site_again_is_refused() =>
        Specs.Site.Given(Registered, Decommissioned).When(Register).ThenThrows<DomainException>();

    [Fact]
    public void A_site_without_contacts_is_refused() =>
        Specs.Site.When(Register with { Contacts = [] }).ThenThrows<DomainException>();

    [Fact]
    public void Two_contacts_in_the_same_place_of_the_call_order_are_refused() =>
        Specs.Site.When(Register with { Contacts = [Owner, Neighbour with { CallOrder = 1 }] }).ThenThrows<DomainException>();

    [Fact]
    public void A_contact_without_a_phone_number_is_refused() =>
        Specs.Site.When(Register with { Contacts = [Owner with { Phone = " " }] }).ThenThrows<DomainException>();

    [Fact]
    public void A_site_without_a_name_is_refused() =>
        Specs.Site.When(Register with { Name = "" }).ThenThrows<DomainException>();

    [Fact]
    public void A_site_without_a_tenant_is_refused() =>
        Specs.Site.When(Register with { TenantId = "" }).ThenThrows<DomainException>();
}
