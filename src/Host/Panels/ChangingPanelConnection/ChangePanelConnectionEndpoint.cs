using Domain.Panels;
using Host.Infrastructure;

namespace Host.Panels.ChangingPanelConnection;

public sealed record ChangePanelConnectionRequest(string Host, int Port, string? IntegrationKeyRef);

internal static class ChangePanelConnectionEndpoint
{
    /// <summary><c>PUT /api/panels/{id}/connection</c> with <c>If-Match</c>: the ETHM-1 module's address and integration key reference.</summary>
    public static void MapChangePanelConnection(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/panels/{id}/connection", async (string id, ChangePanelConnectionRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var ifMatch = Etags.IfMatch(http.Request);
            await commands.LoadOwnedPanelAsync(id, request, ct);
            var command = new ChangePanelConnectionSettings(id, body.Host, body.Port, body.IntegrationKeyRef, clock.GetUtcNow());
            var version = await commands.ExecuteAsync<PanelState, PanelEvent>(id, PanelStreams.StreamType, ifMatch, PanelState.Initial, PanelState.Evolve,
                state => PanelDecider.Decide(command, state), request.Metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireAuthorization(Auth.CanManageSites);
}
