using EventStore;
using EventStore.Diagnostics;
using EventStore.Projections;
using Npgsql;

namespace Host.LiveFeed;

/// <summary>
/// Tails the committed log on every Host (it is not a leader-elected projection: each Host serves its own
/// consoles) and hands each pushed event to its tenant's subscribers. It starts at the head, since a live feed is not
/// a replay, and reads like the projection daemon, in (transaction id, position) order below the snapshot's xmin,
/// so an event committed late by a long transaction is delivered late rather than skipped. Delivery is at most
/// once: nothing is persisted, and a restart starts at the new head.
/// </summary>
internal sealed partial class LiveFeedTail(PostgresEventStore store, LiveFeedHub hub, CommitNotifications notifications, LiveFeedOptions options,
    ILogger<LiveFeedTail> logger) : BackgroundService
{
    private static readonly ReadOptions Raw = new(Deserialize: false); // typed one by one below, so one bad event cannot stall the tail
    private static readonly HashSet<string> Pushed = [.. LiveFeedItems.PushedTypes];
    private readonly TenantDirectory _directory = new(store);
    private Checkpoint? _checkpoint;
    private readonly OutageReporter _outage = new(logger, "Live feed");

    /// <summary>Takes the head before the Host serves requests: a console connecting right after start-up misses nothing after it.</summary>
    public override async Task StartAsync(CancellationToken ct)
    {
        try
        {
            _checkpoint = await store.ReadCommittedHeadAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _outage.Failed(e, "reading the log's head"); // the loop tries again
        }
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var listening = notifications.ListenAsync(stop);
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _checkpoint ??= await store.ReadCommittedHeadAsync(stop);
                var full = await DeliverPageAsync(_checkpoint.Value, stop);
                if (failures > 0) _outage.Recovered();
                failures = 0;
                if (!full) await notifications.WaitAsync(options.PollInterval, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _outage.Failed(e, "reading the log");
                var backoff = Math.Min(10_000, 200 * Math.Pow(2, Math.Min(failures++, 6)));
                try { await Task.Delay(TimeSpan.FromMilliseconds(backoff), stop); } catch (OperationCanceledException) { break; }
            }
        }
        await listening;
    }

    /// <returns>True when the page was full, so more may be waiting.</returns>
    private async Task<bool> DeliverPageAsync(Checkpoint from, CancellationToken ct)
    {
        var page = await store.ReadCommittedAsync(from, options.BatchSize, LiveFeedItems.TailedTypes, Raw, ct);
        foreach (var e in page.Events)
        {
            try
            {
                await DeliverAsync(e, ct);
            }
            catch (Exception error) when (error is not (OperationCanceledException or NpgsqlException or TimeoutException or IOException))
            {
                LogSkipped(error, e.Position, e.EventType); // a bug for this one event must not stop the feed
            }
            // A database failure later in the page resumes after this event: nothing is pushed twice.
            _checkpoint = new Checkpoint(e.TransactionId, e.Position);
        }
        _checkpoint = page.Next;
        return page.Events.Count == options.BatchSize;
    }

    private async Task DeliverAsync(StoredEvent e, CancellationToken ct)
    {
        if (!store.Options.Types.TryDeserialize(e.EventType, e.Json, store.Options.Json, out var data) || data is null) return;
        _directory.Learn(data);
        if (!Pushed.Contains(e.EventType) || !hub.HasAnySubscribers) return;
        var siteId = await _directory.SiteOfAsync(data, ct);
        var tenant = siteId is null ? null : await _directory.TenantOfAsync(siteId, ct);
        if (tenant is null)
        {
            LogUnowned(e.Position, e.StreamId); // never broadcast what cannot be scoped to a tenant
            return;
        }
        if (hub.HasSubscribers(tenant) && LiveFeedItems.Describe(e, data, siteId!) is { } message) hub.Publish(tenant, message);
    }

    [LoggerMessage(LogLevel.Error, "Live feed: skipped event at position {Position} ({Type})")]
    private partial void LogSkipped(Exception e, long position, string type);

    [LoggerMessage(LogLevel.Debug, "Live feed: event at position {Position} of {StreamId} has no known site or tenant; not pushed")]
    private partial void LogUnowned(long position, string streamId);
}
