using Domain.Sites;
using Host.Infrastructure;

namespace Host.Sites.GettingSite;

public sealed record SiteResponse(string Id, string Name, SiteAddress Address, IReadOnlyList<SiteContact> Contacts, string Notes, string Status, long Version);

internal static class GetSiteEndpoint
{
    /// <summary><c>GET /api/sites/{id}</c>: the site with its version as ETag (404 for another tenant's site).</summary>
    public static void MapGetSite(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sites/{id}", async (string id, HttpContext http, CommandExecutor commands, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var site = await commands.LoadAsync<SiteState, SiteEvent>(id, SiteState.Initial, SiteState.Evolve, ct) ?? throw new NotFoundException($"Site {id}");
            var state = site.State.OwnedBy(request, id);
            http.Response.Headers.ETag = Etags.Of(site.Version);
            return Results.Ok(new SiteResponse(id, state.Name, state.Address, state.Contacts, state.Notes, state.Status.ToString(), site.Version));
        }).RequireAuthorization(Auth.CanRead);
}
