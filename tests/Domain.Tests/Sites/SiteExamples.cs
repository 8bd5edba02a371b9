using Domain.Sites;

namespace Domain.Tests.Sites;

internal static class SiteExamples
{
    public const string SiteId = "site-1";
    public const string TenantId = "tenant-acme";
    public const string Name = "Bakery on Długa";
    public const string Notes = "Dog on the premises. Key safe at the back door.";

    public static readonly DateTimeOffset T0 = new(2026, 5, 5, 18, 0, 0, TimeSpan.Zero);
    public static readonly SiteAddress Address = new("ul. Długa 5", "80-827", "Gdańsk", "PL");
    public static readonly SiteContact Owner = new(1, "Anna Nowak", "+48 600 100 200");
    public static readonly SiteContact Neighbour = new(2, "Piotr Zieliński", "+48 600 300 400");

    public static RegisterSite Register => new(SiteId, Name, Address, TenantId, [Owner, Neighbour], Notes, T0);

    public static SiteRegistered Registered => new(SiteId, Name, Address, TenantId, [Owner, Neighbour], Notes, T0);

    public static SiteDecommissioned Decommissioned => new(SiteId, "Contract ended", T0.AddDays(30));
}
