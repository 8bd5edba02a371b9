using Domain.Alarms;
using Host.Infrastructure;
using Host.Panels;

namespace Host.Alarms.DispatchingAlarm;

/// <summary><paramref name="Target"/>: Patrol, Police or FireService; <paramref name="CalledParty"/>: who the operator called.</summary>
public sealed record DispatchAlarmRequest(string Target, string CalledParty);

internal static class DispatchAlarmEndpoint
{
    /// <summary><c>POST /api/alarms/{id}/dispatch</c>, If-Match optional: a response was sent; dispatching the same target twice is a no-op.</summary>
    public static void MapDispatchAlarm(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/alarms/{id}/dispatch", async (string id, DispatchAlarmRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var target = RequestEnums.Parse<DispatchTarget>(body.Target, "target");
            var command = new DispatchAlarm(id, RequestContext.From(http).UserId, target, body.CalledParty ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteOnOwnedAlarmAsync(id, http, command, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireOperator();
}
