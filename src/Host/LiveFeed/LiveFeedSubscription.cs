using System.Text.Json;
using System.Threading.Channels;

namespace Host.LiveFeed;

/// <summary>
/// One connected console: a bounded queue of serialised items, filled by the tail and drained by the connection.
/// A console that lets the queue fill up is dropped rather than allowed to slow the tail or grow memory: its queue is
/// closed at once, and a send still stuck on it is cancelled after the close grace.
/// </summary>
internal sealed class LiveFeedSubscription : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly LiveFeedOptions _options;
    private readonly TimeProvider _clock;
    private readonly Action<LiveFeedSubscription> _leave;
    private string? _dropReason;

    public LiveFeedSubscription(string tenant, LiveFeedOptions options, TimeProvider clock, Action<LiveFeedSubscription> leave)
    {
        Tenant = tenant;
        _options = options;
        _clock = clock;
        _leave = leave;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: that is the overflow signal
            SingleReader = true,
        });
    }

    public string Tenant { get; }

    /// <summary>Why the server ended this feed; null while it runs.</summary>
    public string? DropReason => Volatile.Read(ref _dropReason);

    /// <summary>Cancelled <see cref="LiveFeedOptions.CloseGrace"/> after a drop, for sends to a client that does not read.</summary>
    public CancellationToken Aborted => _abort.Token;

    public static byte[] Serialize<T>(T item) => JsonSerializer.SerializeToUtf8Bytes(item, Json);

    /// <summary>Queues an item without waiting; a full queue drops the subscriber.</summary>
    public void Offer(byte[] item)
    {
        if (!_queue.Writer.TryWrite(item) && DropReason is null)
            Drop($"too slow: more than {_options.SubscriberBuffer} items waiting; reconnect and re-query");
    }

    public void Drop(string reason)
    {
        if (Interlocked.CompareExchange(ref _dropReason, reason, null) is not null) return;
        _queue.Writer.TryComplete();
        try { _abort.CancelAfter(_options.CloseGrace); }
        catch (ObjectDisposedException) { } // the connection left meanwhile
    }

    /// <summary>The next item, a heartbeat after an idle interval, or null once dropped (what is still queued is discarded).</summary>
    public async ValueTask<byte[]?> NextAsync(CancellationToken ct)
    {
        while (DropReason is null)
        {
            if (_queue.Reader.TryRead(out var item)) return item;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(_options.HeartbeatInterval);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(idle.Token)) return null;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Serialize(new LiveFeedHeartbeat("heartbeat", _clock.GetUtcNow()));
            }
        }
        return null;
    }

    public void Dispose()
    {
        _leave(this);
        _queue.Writer.TryComplete();
        _abort.Dispose();
    }
}
