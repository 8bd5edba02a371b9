using EventStore;
using EventStore.Diagnostics;
using Npgsql;

namespace Host.LiveFeed;

/// <summary>
/// LISTENs on the store's notification channel (sent after each commit) to wake the tail at once; polling remains
/// the fallback, since a notification can be lost. Reconnects with backoff when the database goes away.
/// </summary>
internal sealed class CommitNotifications(PostgresEventStore store, ILogger<CommitNotifications> logger)
{
    private readonly OutageReporter _outage = new(logger, "Live feed");
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    private void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already awake: notifications coalesce
    }

    public async Task ListenAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await store.DataSource.OpenConnectionAsync(stop);
                conn.Notification += (_, _) => Wake();
                // The channel name is the store's own (schema-derived, letters, digits and underscores), never input.
                await using (var cmd = new NpgsqlCommand($"listen \"{store.NotificationChannel}\"", conn))
                    await cmd.ExecuteNonQueryAsync(stop);
                delay = TimeSpan.FromMilliseconds(200);
                _outage.Recovered();
                Wake(); // anything committed while we were not listening
                while (!stop.IsCancellationRequested) await conn.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _outage.Failed(e, "listening for commit notifications (polling meanwhile)");
                try { await Task.Delay(delay, stop); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }
}
