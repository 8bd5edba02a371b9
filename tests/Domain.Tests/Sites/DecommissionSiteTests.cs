using Domain.Sites;
using static Domain.Tests.Sites.SiteExamples;

namespace Domain.Tests.Sites;

public sealed class DecommissionSiteTests
{
    private static DecommissionSite Decommission => new(SiteId, "Contract ended", T0.AddDays(30));

    [Fact]
    public void Decommissions_an_active_site() =>
        Specs.Site.Given(Registered).When(Decommission).Then(Decommissioned);

    [Fact]
    public void The_site_is_then_decommissioned() =>
        Specs.Site.Given(Registered).When(Decommission).ThenState(s => Assert.Equal(SiteStatus.Decommissioned, s.Status));

    [Fact]
    public void Decommissioning_twice_is_already_satisfied() =>
        Specs.Site.Given(Registered, Decommissioned).When(Decommission with { Now = T0.AddDays(31) }).ThenNothing();

    [Fact]
    public void A_site_that_is_not_registered_is_refused() =>
        Specs.Site.When(Decommission).ThenThrows<DomainException>();
}
