using Domain.Alarms;
using Host.Infrastructure;
using Host.Panels;

namespace Host.Alarms.ResolvingAlarm;

/// <summary><paramref name="Outcome"/>: Real, FalseAlarm, Test or CancelledByCustomer; <paramref name="Note"/> says what happened.</summary>
public sealed record ResolveAlarmRequest(string Outcome, string Note);

internal static class ResolveAlarmEndpoint
{
    /// <summary><c>POST /api/alarms/{id}/resolve</c>, If-Match optional: closes an acknowledged alarm with its outcome.</summary>
    public static void MapResolveAlarm(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/alarms/{id}/resolve", async (string id, ResolveAlarmRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = RequestEnums.Parse<AlarmOutcome>(body.Outcome, "outcome");
            var command = new ResolveAlarm(id, RequestContext.From(http).UserId, outcome, body.Note ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteOnOwnedAlarmAsync(id, http, command, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.NoContent();
        }).RequireOperator();
}
