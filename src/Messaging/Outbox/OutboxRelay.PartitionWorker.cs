using EventStore.Internal;
using Npgsql;

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
            var heldBackWaits = 0;
            long[] confirmed = [];
            // Reads start at the last published batch's transaction, and from the start once per poll interval, for
            // scheduled rows that came due below that floor (see OutboxReader.ReadAsync).
            var floor = "0";
            var sinceFullRead = System.Diagnostics.Stopwatch.StartNew();
            var ct = _stop.Token;
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    List<(long Id, string TxId, OutboxMessage Message)> rows;
                    bool heldBack;
                    if (sinceFullRead.Elapsed >= relay._options.PollInterval)
                    {
                        floor = "0";
                        sinceFullRead.Restart();
                    }
                    // Confirmed rows are deleted with the next read, in its round trip; not cancelled by a rebalance
                    // (the next owner would only publish them again).
                    var token = confirmed.Length > 0 ? CancellationToken.None : ct;
                    await using (var conn = await relay._dataSource.OpenConnectionAsync(token))
                        (rows, heldBack) = await relay._reader.ReadAsync(conn, partition, relay._options.BatchSize, confirmed, floor, token);
                    confirmed = [];
                    if (rows.Count == 0)
                    {
                        // Read after failing: the database is back and nothing is left to publish, so this partition works.
                        if (attempt > 0) relay._outage.Recovered();
                        attempt = 0;
                        // Rows committed behind a transaction still open elsewhere become readable when it ends, which
                        // no wake-up announces: look again shortly (5, 10, 20, 40 ms…, doubling up to the poll interval
                        // for a long transaction), not after the poll interval.
                        var wait = heldBack ? TimeSpan.FromMilliseconds(5 << Math.Min(heldBackWaits++, 12)) : relay._options.PollInterval;
                        if (!heldBack) heldBackWaits = 0;
                        await _wake.WaitAsync(wait < relay._options.PollInterval ? wait : relay._options.PollInterval, ct);
                        continue;
                    }
                    heldBackWaits = 0;
                    // Not cancelled by a rebalance mid-publish: a half-confirmed batch would only be published again.
                    try
                    {
                        await relay._publisher.PublishAsync(rows.Select(r => r.Message).ToArray(), CancellationToken.None);
                        confirmed = rows.Select(r => r.Id).ToArray();
                        floor = rows[^1].TxId; // everything before it in this partition is confirmed (deleted next read) or scheduled
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
                        floor = rows[^1].TxId;
                    }
                    // Only a partition that failed ends the outage: one with nothing to publish proves nothing of the broker.
                    if (attempt > 0) relay._outage.Recovered();
                    attempt = 0;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    attempt++;
                    var ms = Math.Min(relay._options.MaxBackoff.TotalMilliseconds, relay._options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
                    var delay = TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble() / 2));
                    relay._outage.Failed(e, $"publishing partition {partition}");
                    try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { break; }
                }
            }
            await DeleteConfirmedAsync(confirmed);
        }

        /// <summary>Stopping right after a confirmed publish: its rows are deleted now, or the next owner publishes them again.</summary>
        private async Task DeleteConfirmedAsync(long[] confirmed)
        {
            if (confirmed.Length == 0) return;
            try
            {
                await using var conn = await relay._dataSource.OpenConnectionAsync(CancellationToken.None);
                await relay._reader.DeleteAsync(conn, confirmed, CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The database is gone: the rows stay, and are published once more (the inboxes drop the duplicates).
            }
        }

        public void Dispose()
        {
            _wake.Dispose();
            _stop.Dispose();
        }
    }
}
