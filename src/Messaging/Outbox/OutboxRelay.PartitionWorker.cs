using EventStore.Internal;

namespace Messaging.Outbox;

public sealed partial class OutboxRelay
{
    /// <summary>Publishes one partition sequentially: read a batch, publish with confirms, delete, repeat.</summary>
    private sealed class PartitionWorker(OutboxRelay relay, int partition) : IDisposable
    {
        private readonly AsyncSignal _wake = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _task = Task.CompletedTask;

        public void Start() => _task = Task.Run(RunAsync);

        public void Wake() => _wake.Set();

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try { await _task; } catch (OperationCanceledException) { }
            Dispose();
        }

        private async Task RunAsync()
        {
            var attempt = 0;
            var ct = _stop.Token;
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    List<(long Id, OutboxMessage Message)> rows;
                    await using (var conn = await relay._dataSource.OpenConnectionAsync(ct))
                        rows = await relay._reader.ReadAsync(conn, partition, relay._options.BatchSize, ct);
                    if (rows.Count == 0)
                    {
                        // Read after failing: the database is back and nothing is left to publish, so this partition works.
                        if (attempt > 0) relay._outage.Recovered();
                        attempt = 0;
                        await _wake.WaitAsync(relay._options.PollInterval, ct);
                        continue;
                    }
                    // Not cancelled by a rebalance mid-publish: a half-confirmed batch would only be published again.
                    try
                    {
                        await relay._publisher.PublishAsync(rows.Select(r => r.Message).ToArray(), CancellationToken.None);
                        await using var conn = await relay._dataSource.OpenConnectionAsync(CancellationToken.None);
                        await relay._reader.DeleteAsync(conn, rows.Select(r => r.Id), CancellationToken.None);
                        MessagingMetrics.RecordPublished(rows.Select(r => r.Message));
                    }
                    catch (UnroutableMessagesException e)
                    {
                        await using var conn = await relay._dataSource.OpenConnectionAsync(CancellationToken.None);
                        await relay._reader.DeadLetterUnroutableAsync(conn, rows.Select(r => r.Id).ToArray(), e.MessageIds, CancellationToken.None);
                        // The rest of the batch was confirmed and is gone from the outbox too: published.
                        var unroutable = e.MessageIds.ToHashSet();
                        MessagingMetrics.RecordPublished(rows.Select(r => r.Message).Where(m => !unroutable.Contains(m.MessageId)));
                        MessagingMetrics.RecordUnroutable(rows.Select(r => r.Message).Where(m => unroutable.Contains(m.MessageId)));
                        relay.LogUnroutable(e.MessageIds.Count, partition);
                    }
                    // Only a partition that failed ends the outage: one with nothing to publish proves nothing of the broker.
                    if (attempt > 0) relay._outage.Recovered();
                    attempt = 0;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    attempt++;
                    var ms = Math.Min(relay._options.MaxBackoff.TotalMilliseconds, relay._options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
                    var delay = TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble() / 2));
                    relay._outage.Failed(e, $"publishing partition {partition}");
                    try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { return; }
                }
            }
        }

        public void Dispose()
        {
            _wake.Dispose();
            _stop.Dispose();
        }
    }
}
