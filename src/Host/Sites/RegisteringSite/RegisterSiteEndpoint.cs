using Domain;
using Domain.Sites;
using Host.Infrastructure;

namespace Host.Sites.RegisteringSite;

public sealed record RegisterSiteRequest(string Name, SiteAddress Address, IReadOnlyList<SiteContact> Contacts, string? Notes);

public sealed record SiteCreatedResponse(string Id, long Version);

internal static class RegisterSiteEndpoint
{
    /// <summary><c>POST /api/sites</c>: registers a site for the caller's tenant; 201 with its id, Location and ETag.</summary>
    public static void MapRegisterSite(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/sites", async (RegisterSiteRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var id = StreamIds.Site(Guid.CreateVersion7());
            var command = new RegisterSite(id, body.Name, body.Address ?? SiteAddress.None, request.Tenant, body.Contacts ?? [], body.Notes ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteAsync<SiteState, SiteEvent>(id, SiteStreams.StreamType, null, SiteState.Initial, SiteState.Evolve,
                state => SiteDecider.Decide(command, state), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Created($"/api/sites/{id}", new SiteCreatedResponse(id, version));
        }).RequireAuthorization(Auth.CanManageSites);
}
