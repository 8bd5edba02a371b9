using System.Text;
using System.Text.Json;
using Host.LiveFeed;
using Host.Metrics;

namespace Host.Tests.LiveFeed;

/// <summary>The hub without a Host: tenant scoping, back-pressure and heartbeats.</summary>
public sealed class LiveFeedHubTests : IDisposable
{
    private readonly HostMetrics _metrics = new();

    private LiveFeedHub Hub(int buffer = 4, double heartbeatSeconds = 60) =>
        new(new LiveFeedOptions { SubscriberBuffer = buffer, HeartbeatInterval = TimeSpan.FromSeconds(heartbeatSeconds), CloseGrace = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System, _metrics);

    private static LiveFeedMessage Message(string stream, long version) =>
        new("alarm_repeated", stream, version, version, DateTimeOffset.UtcNow, new AlarmRepeatedItem(stream, "site-1", DateTimeOffset.UtcNow));

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(Encoding.UTF8.GetString(json)).RootElement;

    [Fact]
    public async Task Items_reach_the_subscribers_of_their_tenant_only_in_order()
    {
        var hub = Hub();
        using var a = hub.Subscribe("tenant-a");
        using var b = hub.Subscribe("tenant-b");
        hub.Publish("tenant-a", Message("alarm-1", 1));
        hub.Publish("tenant-a", Message("alarm-1", 2));
        hub.Publish("tenant-nobody", Message("alarm-2", 1));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Parse((await a.NextAsync(timeout.Token))!).GetProperty("version").GetInt64());
        var second = Parse((await a.NextAsync(timeout.Token))!);
        Assert.Equal(("alarm_repeated", "alarm-1", 2L, "site-1"), (second.GetProperty("type").GetString(), second.GetProperty("streamId").GetString(),
            second.GetProperty("version").GetInt64(), second.GetProperty("data").GetProperty("siteId").GetString()));
        Assert.True(hub.HasSubscribers("tenant-b"));
        Assert.False(hub.HasSubscribers("tenant-nobody"));
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_dropped_without_holding_up_the_others()
    {
        var hub = Hub(buffer: 4);
        using var slow = hub.Subscribe("tenant-a");
        using var fast = hub.Subscribe("tenant-a");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var v = 1; v <= 10; v++)
        {
            hub.Publish("tenant-a", Message("alarm-1", v));
            Assert.Equal(v, Parse((await fast.NextAsync(timeout.Token))!).GetProperty("version").GetInt64());
        }

        Assert.Contains("too slow", slow.DropReason, StringComparison.Ordinal);
        Assert.Null(await slow.NextAsync(timeout.Token)); // what it had queued is discarded: it must re-query anyway
        Assert.Null(fast.DropReason);
        await Task.WhenAny(Task.Delay(Timeout.Infinite, slow.Aborted), Task.Delay(TimeSpan.FromSeconds(10))); // a send stuck on it is cancelled after the grace
        Assert.True(slow.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task An_idle_subscriber_gets_heartbeats_and_leaving_removes_it()
    {
        var hub = Hub(heartbeatSeconds: 0.05);
        var subscription = hub.Subscribe("tenant-a");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var heartbeat = Parse((await subscription.NextAsync(timeout.Token))!);
        Assert.Equal("heartbeat", heartbeat.GetProperty("type").GetString());
        Assert.Equal(1, hub.Count);

        subscription.Dispose();
        Assert.Equal(0, hub.Count);
        Assert.False(hub.HasSubscribers("tenant-a"));
        hub.Publish("tenant-a", Message("alarm-1", 1)); // to nobody: no error
    }

    public void Dispose() => _metrics.Dispose();
}
