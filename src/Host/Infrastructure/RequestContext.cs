using System.Security.Claims;
using EventStore;

namespace Host.Infrastructure;

/// <summary>Who is acting, for which tenant, from which request: goes into every event's metadata.</summary>
internal sealed record RequestContext(string UserId, string Tenant, string RequestId, string CorrelationId)
{
    public const string RequestIdHeader = "X-Request-ID";
    public const string CorrelationIdHeader = "X-Correlation-ID";

    public EventMetadata Metadata => new(CorrelationId, RequestId, UserId, Tenant);

    public static RequestContext From(HttpContext http)
    {
        var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.FindFirstValue("sub") ?? "anonymous";
        var tenant = http.User.FindFirstValue(Auth.TenantClaim) ?? "";
        var requestId = http.Items[RequestIdHeader] as string ?? http.TraceIdentifier;
        var correlation = http.Request.Headers[CorrelationIdHeader].FirstOrDefault() is { Length: > 0 and <= 100 } c ? c : requestId;
        return new RequestContext(user, tenant, requestId, correlation);
    }
}

internal static class RequestIds
{
    /// <summary>Takes X-Request-ID from the client (or makes one) and echoes it on the response.</summary>
    public static void UseRequestIds(this WebApplication app) => app.Use(async (http, next) =>
    {
        var id = http.Request.Headers[RequestContext.RequestIdHeader].FirstOrDefault() is { Length: > 0 and <= 100 } given ? given : Guid.CreateVersion7().ToString();
        http.Items[RequestContext.RequestIdHeader] = id;
        http.TraceIdentifier = id;
        http.Response.Headers[RequestContext.RequestIdHeader] = id;
        await next();
    });
}
