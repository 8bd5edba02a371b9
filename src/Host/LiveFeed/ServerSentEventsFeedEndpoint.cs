using System.Text;
using Host.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace Host.LiveFeed;

internal static class ServerSentEventsFeedEndpoint
{
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    /// <summary>
    /// <c>GET /api/live</c>: the same feed as <c>/ws</c> as server-sent events (<c>text/event-stream</c>), one
    /// <c>data:</c> line of JSON per item, for clients that only read. Bearer header only.
    /// </summary>
    public static void MapServerSentEventsFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/live", async (HttpContext http, LiveFeedHub hub, IHostApplicationLifetime lifetime) =>
        {
            using var subscription = hub.Subscribe(RequestContext.From(http).Tenant);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold items back
            using var session = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(session.Token, subscription.Aborted);
            try
            {
                // Headers out now, after subscribing: once the client has them, it misses nothing committed later.
                await http.Response.Body.FlushAsync(sending.Token);
                while (await subscription.NextAsync(session.Token) is { } item) await WriteAsync(http.Response.Body, item, sending.Token);
                if (subscription.DropReason is { } reason)
                    await WriteAsync(http.Response.Body, LiveFeedSubscription.Serialize(new LiveFeedDropped("dropped", reason)), sending.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // the client left, the Host is stopping, or a dropped client stopped reading
            }
        }).RequireAuthorization(Auth.CanRead)
          .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task WriteAsync(Stream body, byte[] json, CancellationToken ct)
    {
        // JSON from System.Text.Json has no raw newlines, so one data: line carries the whole item.
        await body.WriteAsync(DataPrefix, ct);
        await body.WriteAsync(json, ct);
        await body.WriteAsync(EventEnd, ct);
        await body.FlushAsync(ct);
    }
}
