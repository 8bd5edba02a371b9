using EventStore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventStore.Projections;

/// <summary>
/// LISTENs on the store's channel and wakes the daemon's agents with the transaction horizon the notification
/// covers (<see cref="PgNotifier"/>; null when unknown: after a reconnection, or a payload of another sender);
/// reconnects with backoff if the database goes away.
/// </summary>
internal sealed class NotificationListener(NpgsqlDataSource dataSource, string channel, Action<ulong?> onNotify, ILogger logger)
{
    private readonly OutageReporter _outage = new(logger, "Projection daemon");

    /// <summary>The listener's outage so far (for tests).</summary>
    internal OutageReporter Outage => _outage;

    public async Task RunAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(stop);
                conn.Notification += (_, e) => onNotify(ulong.TryParse(e.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var upTo) ? upTo : null);
                await using (var cmd = new NpgsqlCommand($"listen \"{channel}\"", conn))
                    await cmd.ExecuteNonQueryAsync(stop);
                delay = TimeSpan.FromMilliseconds(200);
                _outage.Recovered();
                onNotify(null); // anything appended while we were not listening
                while (!stop.IsCancellationRequested) await conn.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The agents poll meanwhile; one outage is one warning, not a stack trace per reconnection attempt.
                _outage.Failed(e, "listening for event notifications (polling meanwhile)");
                try { await Task.Delay(delay, stop); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }
}
