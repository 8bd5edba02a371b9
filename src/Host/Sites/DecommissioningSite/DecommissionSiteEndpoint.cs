using Domain.Sites;
using Host.Infrastructure;

namespace Host.Sites.DecommissioningSite;

public sealed record DecommissionSiteRequest(string Reason);

internal static class DecommissionSiteEndpoint
{
    /// <summary><c>POST /api/sites/{id}/decommission</c> with <c>If-Match</c>; decommissioning twice is a no-op.</summary>
    public static void MapDecommissionSite(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/sites/{id}/decommission", async (string id, DecommissionSiteRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var command = new DecommissionSite(id, body.Reason ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteAsync<SiteState, SiteEvent>(id, SiteStreams.StreamType, Etags.IfMatch(http.Request), SiteState.Initial, SiteState.Evolve,
                state => SiteDecider.Decide(command, state.OwnedBy(request, id)), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireAuthorization(Auth.CanManageSites);
}
