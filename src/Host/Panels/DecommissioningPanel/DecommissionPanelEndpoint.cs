using Domain.Panels;
using Host.Infrastructure;

namespace Host.Panels.DecommissioningPanel;

public sealed record DecommissionPanelRequest(string Reason);

internal static class DecommissionPanelEndpoint
{
    /// <summary><c>POST /api/panels/{id}/decommission</c>, If-Match optional: stop monitoring the panel; twice is a no-op.</summary>
    public static void MapDecommissionPanel(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/panels/{id}/decommission", async (string id, DecommissionPanelRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            await commands.LoadOwnedPanelAsync(id, request, ct);
            var command = new DecommissionPanel(id, body.Reason ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteAsync<PanelState, PanelEvent>(id, PanelStreams.StreamType, Etags.IfMatch(http.Request), PanelState.Initial, PanelState.Evolve,
                state => PanelDecider.Decide(command, state), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireAuthorization(Auth.CanManageSites);
}
