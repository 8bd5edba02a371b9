using Domain.Alarms;
using Host.Infrastructure;

namespace Host.Alarms.AcknowledgingAlarm;

internal static class AcknowledgeAlarmEndpoint
{
    /// <summary><c>POST /api/alarms/{id}/acknowledge</c>, If-Match optional: the caller takes ownership of the alarm; again by the same operator is a no-op.</summary>
    public static void MapAcknowledgeAlarm(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/alarms/{id}/acknowledge", async (string id, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var command = new AcknowledgeAlarm(id, RequestContext.From(http).UserId, clock.GetUtcNow());
            var version = await commands.ExecuteOnOwnedAlarmAsync(id, http, command, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireOperator();
}
