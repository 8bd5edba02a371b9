namespace Domain.Sites;

/// <summary>A person the operator calls about the site, in <paramref name="CallOrder"/> (1 = first).</summary>
public sealed record SiteContact(int CallOrder, string Name, string Phone);
