using Host.Audit.ReadingStream;

namespace Host.Audit;

internal static class AuditEndpoints
{
    /// <summary>The auditors' reads: streams exactly as stored.</summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadStream();
    }
}
