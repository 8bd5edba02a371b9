using EventStore.Projections;

namespace Host.Projections;

internal static class ProjectionStatusEndpoint
{
    /// <summary><c>/api/projections</c>: each projection's state, checkpoint and lag.</summary>
    public static void MapProjectionStatusEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/projections", async (ProjectionDaemon daemon, CancellationToken ct) => Results.Ok(await daemon.GetStatusAsync(ct)));
}
