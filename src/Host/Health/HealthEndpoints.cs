using EventStore;

namespace Host.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the event store's database answers too
    /// (503 otherwise), for load balancers and orchestrators.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (PostgresEventStore store, CancellationToken ct) =>
        {
            try
            {
                await using var cmd = store.DataSource.CreateCommand("select 1");
                await cmd.ExecuteScalarAsync(ct);
                return Results.Ok(new { status = "ready" });
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                return Results.Json(new { status = "unavailable", reason = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
