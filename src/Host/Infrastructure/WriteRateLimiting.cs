using System.Security.Claims;
using System.Threading.RateLimiting;
using Serilog.Context;

namespace Host.Infrastructure;

internal static class WriteRateLimiting
{
    /// <summary>
    /// A token bucket per user for writes (anything but GET/HEAD): RateLimiting:WritesPerSecond (default 50) with
    /// RateLimiting:Burst (default 100). Over the limit: 429 with Retry-After. Reads are not limited here.
    /// </summary>
    public static IServiceCollection AddWriteRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("RateLimiting:WritesPerSecond", 50);
        var burst = configuration.GetValue("RateLimiting:Burst", 100);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetTokenBucketLimiter(
                        http.User.FindFirstValue("sub") ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                        _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = burst,
                            TokensPerPeriod = perSecond,
                            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                            QueueLimit = 0,
                        }));
        });
        return services;
    }

    /// <summary>Every log line of a request carries its request id, correlation id, user and tenant.</summary>
    public static void UseRequestLogContext(this WebApplication app) => app.Use(async (http, next) =>
    {
        var request = RequestContext.From(http);
        using (LogContext.PushProperty("RequestId", request.RequestId))
        using (LogContext.PushProperty("CorrelationId", request.CorrelationId))
        using (LogContext.PushProperty("UserId", request.UserId))
        using (LogContext.PushProperty("Tenant", request.Tenant))
            await next();
    });
}
