using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Host.Tests.LiveFeed;

/// <summary>A console on the live feed (WebSocket or server-sent events), collecting every item it receives.</summary>
public sealed class FeedListener : IAsyncDisposable
{
    private readonly List<JsonElement> _items = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _connection;
    private readonly Task _reading;

    private FeedListener(IDisposable connection, Func<FeedListener, CancellationToken, Task> read)
    {
        _connection = connection;
        _reading = Task.Run(() => read(this, _stop.Token));
    }

    /// <summary>How the feed ended: the WebSocket close status and reason, when the server closed it.</summary>
    public (WebSocketCloseStatus? Status, string? Reason) Closed { get; private set; }

    public IReadOnlyList<JsonElement> Items
    {
        get { lock (_items) return [.. _items]; }
    }

    private void Add(string json)
    {
        using var doc = JsonDocument.Parse(json);
        lock (_items) _items.Add(doc.RootElement.Clone());
    }

    /// <summary>Connects over a WebSocket; <paramref name="token"/> goes in the header, or with <paramref name="inQuery"/> in ?access_token=.</summary>
    public static async Task<FeedListener> WebSocketAsync(TestServer server, string? token, bool inQuery = false)
    {
        var client = server.CreateWebSocketClient();
        if (token is not null && !inQuery) client.ConfigureRequest = r => r.Headers.Authorization = "Bearer " + token;
        var uri = new Uri(inQuery && token is not null ? $"ws://localhost/ws?access_token={Uri.EscapeDataString(token)}" : "ws://localhost/ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var socket = await client.ConnectAsync(uri, timeout.Token);
        return new FeedListener(socket, (listener, ct) => listener.ReadAsync(socket, ct));
    }

    /// <summary>Connects to /api/live; returns once the response headers (so the subscription) are there.</summary>
    public static async Task<FeedListener> ServerSentEventsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var stream = await response.Content.ReadAsStreamAsync();
        return new FeedListener(response, (listener, ct) => listener.ReadAsync(stream, ct));
    }

    private async Task ReadAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closed = (result.CloseStatus, result.CloseStatusDescription);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                Add(Encoding.UTF8.GetString(message.ToArray()));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException) { }
    }

    private async Task ReadAsync(Stream stream, CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal)) Add(line["data: ".Length..]);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
    }

    /// <summary>Waits until an item matches, polling with a deadline; fails with what was received otherwise.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Items.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No {what} on the feed in time; received: {string.Join(", ", Items.Select(i => i.GetProperty("type").GetString()))}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the server has ended the feed.</summary>
    public async Task WaitForEndAsync(TimeSpan? timeout = null)
    {
        var finished = await Task.WhenAny(_reading, Task.Delay(timeout ?? TimeSpan.FromSeconds(30)));
        Assert.True(finished == _reading, "The server did not end the feed in time.");
    }

    public static Func<JsonElement, bool> Is(string type, string streamId) =>
        item => item.GetProperty("type").GetString() == type && item.TryGetProperty("streamId", out var id) && id.GetString() == streamId;

    public async ValueTask DisposeAsync()
    {
        if (_connection is WebSocket { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test over", timeout.Token); } catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5))); // the server answers with its own close frame
        }
        await _stop.CancelAsync();
        _connection.Dispose();
        try { await _reading; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
