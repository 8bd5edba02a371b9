using Domain.Panels;
using Host.Infrastructure;
using Messaging;

namespace Host.Panels.RequestingPanelControl;

/// <summary>
/// <paramref name="Action"/>: Arm, ForceArm, Disarm or ClearAlarm; <paramref name="Mode"/> (Full, Mode1–Mode3) only
/// for arming. <paramref name="RequestId"/> may be chosen by the client so that a retried request is made once.
/// </summary>
public sealed record RequestPanelControlRequest(string Action, string? Mode, IReadOnlyList<int> Partitions, string? RequestId);

public sealed record PanelControlRequestedResponse(string RequestId, long Version);

internal static class RequestPanelControlEndpoint
{
    /// <summary>
    /// <c>POST /api/panels/{id}/control</c>, If-Match optional: asks the panel to arm, disarm or clear alarm. 202 with
    /// the request id: the request is recorded and sent to the ingest in one transaction; the panel's answer comes
    /// later and shows in <c>GET /api/panels/{id}</c>.
    /// </summary>
    public static void MapRequestPanelControl(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/panels/{id}/control", async (string id, RequestPanelControlRequest body, HttpContext http, CommandExecutor commands, MessageBus bus, TimeProvider clock, CancellationToken ct) =>
        {
            var request = RequestContext.From(http);
            var ifMatch = Etags.IfMatch(http.Request);
            var action = RequestEnums.Parse<PanelControlAction>(body.Action, "action");
            var mode = RequestEnums.ParseOptional<ArmMode>(body.Mode, "mode");
            await commands.LoadOwnedPanelAsync(id, request, ct);
            var requestId = string.IsNullOrWhiteSpace(body.RequestId) ? Guid.CreateVersion7().ToString() : body.RequestId;
            var command = new RequestPanelControl(id, requestId, request.UserId, action, mode, body.Partitions ?? [], clock.GetUtcNow());
            var metadata = new MessageMetadata(request.Metadata.CorrelationId, request.Metadata.CausationId, request.Metadata.UserId, request.Metadata.Tenant);
            var version = await bus.InvokeAsync<long>(new PanelControlRequest(command, ifMatch, request.Metadata), metadata, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Accepted($"/api/panels/{id}", new PanelControlRequestedResponse(requestId, version));
        }).RequireAuthorization(Auth.CanOperate);
}
