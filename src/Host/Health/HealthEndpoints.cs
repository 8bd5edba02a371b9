using EventStore;
using EventStore.Projections;
using Host.Infrastructure.Replica;
using Messaging.Hosting;

namespace Host.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/startup</c>: start-up work is done (schemas migrated,
    /// daemon started). <c>/health/ready</c>: PostgreSQL answers, the broker is connected (when one is configured) and
    /// the daemon runs; 503 with the failing checks otherwise, for load balancers and orchestrators. The reporting
    /// replica is listed for information only (<see cref="ReplicaReadiness"/>): without it the primary serves reports,
    /// so it makes the status "degraded", never 503.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/startup", (MessagingStatus messaging, ProjectionDaemon daemon) =>
            messaging.Migrated && daemon.IsRunning
                ? Results.Ok(new { status = "started" })
                : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/health/ready", async (PostgresEventStore store, MessagingStatus messaging, ProjectionDaemon daemon, ReportDatabase reports, CancellationToken ct) =>
        {
            var checks = new Dictionary<string, string>
            {
                ["postgresql"] = await DatabaseAsync(store, ct) ? "up" : "unreachable",
                ["rabbitmq"] = !messaging.UsesBroker ? "not configured" : messaging.BrokerReachable ? "up" : "unreachable",
                ["projections"] = daemon.IsRunning ? "running" : "stopped",
            };
            var ready = checks.Values.All(v => v is "up" or "running" or "not configured");
            var replica = await ReplicaReadiness.CheckAsync(reports, ct);
            checks["reports_replica"] = replica;
            var status = !ready ? "unavailable" : ReplicaReadiness.Degrades(replica) ? "degraded" : "ready";
            return Results.Json(new { status, checks }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    private static async Task<bool> DatabaseAsync(PostgresEventStore store, CancellationToken ct)
    {
        try
        {
            await using var cmd = store.DataSource.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return false;
        }
    }
}
