using Domain;
using Domain.Panels;
using Domain.Sites;
using Host.Infrastructure;

namespace Host.Panels.RegisteringPanel;

/// <summary><paramref name="Model"/> is a panel type name ("Integra64"); <paramref name="IntegrationKeyRef"/> names where the key is kept.</summary>
public sealed record RegisterPanelRequest(
    string SiteId,
    string Model,
    string Host,
    int Port,
    IReadOnlyList<PanelPartition> Partitions,
    IReadOnlyList<PanelZone> Zones,
    string? IntegrationKeyRef);

public sealed record PanelCreatedResponse(string Id, long Version);

internal static class RegisterPanelEndpoint
{
    /// <summary><c>POST /api/panels</c>: registers a panel at a site of the caller's tenant; 201 with its id, Location and ETag.</summary>
    public static void MapRegisterPanel(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/panels", async (RegisterPanelRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var model = RequestEnums.Parse<PanelModel>(body.Model, "model");
            if (!await commands.IsSiteOfCallerAsync(body.SiteId, request, ct)) throw new NotFoundException($"Site {body.SiteId}");
            // Checked before the append, not in its transaction: a panel registered while its site is being
            // decommissioned is possible, and is decommissioned like any other.
            var site = await commands.LoadAsync<SiteState, SiteEvent>(body.SiteId, SiteState.Initial, SiteState.Evolve, ct);
            if (site?.State.Status == SiteStatus.Decommissioned)
                throw new DomainException($"Site {body.SiteId} is decommissioned; no panels can be added to it.");
            var id = StreamIds.Panel(Guid.CreateVersion7());
            var command = new RegisterPanel(id, body.SiteId, model, body.Host, body.Port, body.Partitions ?? [], body.Zones ?? [], body.IntegrationKeyRef, clock.GetUtcNow());
            var version = await commands.ExecuteAsync<PanelState, PanelEvent>(id, PanelStreams.StreamType, null, PanelState.Initial, PanelState.Evolve,
                state => PanelDecider.Decide(command, state), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Created($"/api/panels/{id}", new PanelCreatedResponse(id, version));
        }).RequireAuthorization(Auth.CanManageSites);
}
