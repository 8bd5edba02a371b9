namespace Domain.Sites;

/// <summary>Where the site is, as a patrol or the police would be sent there.</summary>
public sealed record SiteAddress(string Street, string PostalCode, string City, string Country)
{
    public static readonly SiteAddress None = new("", "", "", "");
}
