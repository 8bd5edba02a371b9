using System.Net.WebSockets;
using Host.Infrastructure;

namespace Host.LiveFeed;

internal static class WebSocketFeedEndpoint
{
    public const string Path = "/ws";

    /// <summary>
    /// <c>GET /ws</c>, a WebSocket upgrade: the caller's tenant's live feed as text messages, one JSON item each.
    /// Authenticated before the upgrade (401/403 otherwise), with the bearer header or, since browsers cannot set
    /// headers on a WebSocket, <c>?access_token=</c>. Messages from the client are read only to notice its close.
    /// </summary>
    public static void MapWebSocketFeed(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext http, LiveFeedHub hub, IHostApplicationLifetime lifetime) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                await Results.Problem("This is a WebSocket endpoint; for server-sent events use /api/live.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
                return;
            }
            // Subscribed before the handshake completes: everything committed after the client sees it open is sent.
            using var subscription = hub.Subscribe(RequestContext.From(http).Tenant);
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            // Receiving has its own token: cancelling a receive aborts the socket, which would lose the close frame.
            using var receiveStop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            var receiving = ReceiveUntilClosedAsync(socket, session, receiveStop.Token);
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(session.Token, subscription.Aborted);
            try
            {
                while (await subscription.NextAsync(session.Token) is { } item)
                    await socket.SendAsync(item, WebSocketMessageType.Text, endOfMessage: true, sending.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the client left, the Host is stopping, or a dropped client stopped reading
            }
            await CloseAsync(socket, subscription, lifetime.ApplicationStopping.IsCancellationRequested);
            receiveStop.CancelAfter(TimeSpan.FromSeconds(2)); // time for the client's answering close frame
            await receiving;
        }).RequireAuthorization(Auth.CanRead).ExcludeFromDescription();

    private static async Task CloseAsync(WebSocket socket, LiveFeedSubscription subscription, bool stopping)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        var (status, reason) = subscription.DropReason is { } dropped ? (WebSocketCloseStatus.PolicyViolation, dropped)
            : stopping ? (WebSocketCloseStatus.EndpointUnavailable, "server stopping; reconnect")
            : (WebSocketCloseStatus.NormalClosure, "bye");
        try
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(subscription.Aborted);
            grace.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, Truncate(reason), grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the client is gone or not reading: nothing more to say
        }
    }

    /// <summary>Reads (and ignores) the client's messages so that its close frame and pings are processed; ends the session when it closes.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource session, CancellationToken stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // the session is over either way
        }
        try { await session.CancelAsync(); } catch (ObjectDisposedException) { }
    }

    /// <summary>A close reason must fit in 123 UTF-8 bytes.</summary>
    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];
}
