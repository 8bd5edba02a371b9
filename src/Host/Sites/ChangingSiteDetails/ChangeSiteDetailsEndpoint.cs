using Domain.Sites;
using Host.Infrastructure;

namespace Host.Sites.ChangingSiteDetails;

public sealed record ChangeSiteDetailsRequest(string Name, SiteAddress Address, IReadOnlyList<SiteContact> Contacts, string? Notes);

internal static class ChangeSiteDetailsEndpoint
{
    /// <summary><c>PUT /api/sites/{id}</c> with <c>If-Match</c>: changes name, address, contacts and notes.</summary>
    public static void MapChangeSiteDetails(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/sites/{id}", async (string id, ChangeSiteDetailsRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var command = new ChangeSiteDetails(id, body.Name, body.Address ?? SiteAddress.None, body.Contacts ?? [], body.Notes ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteAsync<SiteState, SiteEvent>(id, SiteStreams.StreamType, Etags.IfMatch(http.Request), SiteState.Initial, SiteState.Evolve,
                state => SiteDecider.Decide(command, state.OwnedBy(request, id)), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireAuthorization(Auth.CanManageSites);
}
