using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Host.LiveFeed;

/// <summary>
/// The live feed for operator consoles: committed alarm and panel events pushed to the subscribers of their tenant,
/// over a WebSocket (<c>/ws</c>) or server-sent events (<c>/api/live</c>). See docs/architecture.md, "Live feed".
/// </summary>
internal static class LiveFeedModule
{
    public static IServiceCollection AddLiveFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(LiveFeedOptions.From(configuration));
        services.AddSingleton<LiveFeedHub>();
        services.AddSingleton<CommitNotifications>();
        services.AddHostedService<LiveFeedTail>();
        return services;
    }

    /// <summary>Accepts WebSocket upgrades and maps both endpoints; call after UseAuthorization.</summary>
    public static void MapLiveFeed(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapWebSocketFeed();
        app.MapServerSentEventsFeed();
    }

    /// <summary>
    /// Browsers cannot set headers on a WebSocket, so for <c>/ws</c> only the bearer token may also come as
    /// <c>?access_token=</c> (a header, when present, wins). Kept to that path: tokens in URLs end up in logs.
    /// </summary>
    public static Task TakeTokenFromQuery(MessageReceivedContext context)
    {
        var request = context.Request;
        if (request.Path.Equals(WebSocketFeedEndpoint.Path, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(request.Headers.Authorization)
            && request.Query["access_token"] is [{ Length: > 0 } token])
            context.Token = token;
        return Task.CompletedTask;
    }
}
