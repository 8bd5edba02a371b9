using Npgsql;

namespace EventStore;

/// <summary>
/// Announces commits (appends, outbox rows) on a LISTEN/NOTIFY channel after they commit, coalescing bursts into one notification.
/// NOTIFY is not sent inside the append's own transaction on purpose: PostgreSQL serialises the commits of
/// notifying transactions (a cluster-wide lock held across the commit's WAL flush), which would cap concurrent
/// writers. A lost notification costs only latency: daemons also poll.
/// The payload is the first transaction id not yet assigned when the notification is sent (its snapshot's xmax):
/// every commit it announces has a lower one, so a reader whose horizon has reached it has seen them all
/// (<see cref="Projections.ProjectionAgent"/> stops polling eagerly then).
/// </summary>
public sealed class PgNotifier : IAsyncDisposable
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(5);
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;

    public PgNotifier(NpgsqlDataSource dataSource, string channel)
    {
        _dataSource = dataSource;
        _channel = channel;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Asks for one notification soon; calls within the coalescing window share it.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_stop.Token);
                await Task.Delay(Coalesce, _stop.Token);
                Interlocked.Exchange(ref _pending, 0);
                await using var cmd = _dataSource.CreateCommand("select pg_notify($1, pg_snapshot_xmax(pg_current_snapshot())::text)");
                cmd.Parameters.Add(new() { Value = _channel });
                await cmd.ExecuteNonQueryAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // The database is unreachable: listeners fall back to polling; try again on the next append.
                Interlocked.Exchange(ref _pending, 0);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _signal.Dispose();
    }
}
