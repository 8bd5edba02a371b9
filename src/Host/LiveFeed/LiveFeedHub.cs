using System.Collections.Immutable;
using Host.Metrics;

namespace Host.LiveFeed;

/// <summary>
/// The consoles connected to this Host, by tenant. The tail publishes each item to its tenant's subscribers only;
/// subscribing and leaving swap an immutable snapshot under a lock, so publishing never locks.
/// </summary>
internal sealed class LiveFeedHub
{
    private readonly Lock _gate = new();
    private readonly LiveFeedOptions _options;
    private readonly TimeProvider _clock;
    private ImmutableDictionary<string, ImmutableArray<LiveFeedSubscription>> _byTenant =
        ImmutableDictionary.Create<string, ImmutableArray<LiveFeedSubscription>>(StringComparer.Ordinal);
    private int _count;

    public LiveFeedHub(LiveFeedOptions options, TimeProvider clock, HostMetrics metrics)
    {
        _options = options;
        _clock = clock;
        metrics.AddGauge("alarm_monitoring.live_feed.subscribers", "Consoles connected to this host's live feed.", () => Volatile.Read(ref _count));
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether anyone of <paramref name="tenant"/> listens here, so that the tail can skip work for nobody.</summary>
    public bool HasSubscribers(string tenant) => Volatile.Read(ref _byTenant).ContainsKey(tenant);

    public bool HasAnySubscribers => Count > 0;

    /// <summary>Joins <paramref name="tenant"/>'s feed; dispose the subscription to leave.</summary>
    public LiveFeedSubscription Subscribe(string tenant)
    {
        var subscription = new LiveFeedSubscription(tenant, _options, _clock, Leave);
        lock (_gate)
        {
            var current = _byTenant.TryGetValue(tenant, out var list) ? list : [];
            _byTenant = _byTenant.SetItem(tenant, current.Add(subscription));
            _count++;
        }
        return subscription;
    }

    /// <summary>Queues <paramref name="message"/>, serialised once, for each of <paramref name="tenant"/>'s subscribers.</summary>
    public void Publish(string tenant, LiveFeedMessage message)
    {
        if (!Volatile.Read(ref _byTenant).TryGetValue(tenant, out var subscribers)) return;
        var json = LiveFeedSubscription.Serialize(message);
        foreach (var s in subscribers) s.Offer(json);
    }

    private void Leave(LiveFeedSubscription subscription)
    {
        lock (_gate)
        {
            if (!_byTenant.TryGetValue(subscription.Tenant, out var list) || !list.Contains(subscription)) return;
            var rest = list.Remove(subscription);
            _byTenant = rest.IsEmpty ? _byTenant.Remove(subscription.Tenant) : _byTenant.SetItem(subscription.Tenant, rest);
            _count--;
        }
    }
}
