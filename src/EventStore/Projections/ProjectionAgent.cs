using EventStore.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Projections;

/// <summary>
/// Runs one projection on this host while it holds the projection's session advisory lock (leader election:
/// one runner across all hosts; when the holder's connection dies the lock is freed and another host's agent
/// takes it within <see cref="DaemonOptions.ElectionInterval"/>). The checkpoint update is also guarded
/// optimistically, so even two runners at once could not apply an event twice.
/// </summary>
internal sealed partial class ProjectionAgent(PostgresEventStore store, ProjectionBatches batches, DaemonOptions options, ILogger logger) : IDisposable
{
    private static readonly TimeSpan EagerRetry = TimeSpan.FromMilliseconds(25);
    private readonly AsyncSignal _wake = new();
    private long _lastWakeTicks;
    // The transaction horizon the latest notifications covered (long.MaxValue: unknown), and the horizon the last read
    // saw. While the first is above the second, an announced commit may still be hidden behind an older open
    // transaction, and the agent polls eagerly; once a read's horizon has passed it, the announced events were all
    // readable and an empty page means nothing is due: back to the slow poll until the next notification.
    private long _awaitedHorizon;
    private long _seenHorizon;
    private long _lastSkipTicks;
    private static readonly TimeSpan SkipInterval = TimeSpan.FromSeconds(1);

    public string Name => batches.Projection.Name;
    public bool IsLeader { get; private set; }

    /// <param name="upTo">The horizon the notification covers (<see cref="PgNotifier"/>); null when unknown.</param>
    public void Wake(ulong? upTo = null)
    {
        var awaited = upTo is { } h && h < long.MaxValue ? (long)h : long.MaxValue;
        for (var current = Interlocked.Read(ref _awaitedHorizon); current < awaited;)
        {
            var seen = Interlocked.CompareExchange(ref _awaitedHorizon, awaited, current);
            if (seen == current) break;
            current = seen;
        }
        Interlocked.Exchange(ref _lastWakeTicks, Environment.TickCount64);
        _wake.Set();
    }

    /// <summary>Whether the last idle wait was a short (eager) one (for tests).</summary>
    internal bool PollingEagerly { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var lockClass = LockKeys.Hash(store.Options.Schema);
        var lockKey = LockKeys.Hash("projection:" + Name);
        var (lostInARow, lastReport) = (0, 0L);
        while (!stop.IsCancellationRequested)
        {
            NpgsqlConnection? lockConn = null;
            try
            {
                lockConn = await store.DataSource.OpenConnectionAsync(stop);
                await using (var cmd = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", lockConn))
                {
                    cmd.Parameters.Add(new() { Value = lockClass, NpgsqlDbType = NpgsqlDbType.Integer });
                    cmd.Parameters.Add(new() { Value = lockKey, NpgsqlDbType = NpgsqlDbType.Integer });
                    if (!(bool)(await cmd.ExecuteScalarAsync(stop))!)
                    {
                        await lockConn.DisposeAsync();
                        lockConn = null;
                        await Task.Delay(options.ElectionInterval, stop);
                        continue;
                    }
                }
                IsLeader = true;
                if (lostInARow > 0) LogRecovered(Name, lostInARow);
                else LogLeading(Name);
                lostInARow = 0;
                await LeadAsync(lockConn, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The first failure with its stack trace; while the database stays away (a failover, a restart) one
                // line every 30 s, not a stack trace per projection for each retry (about ten a second).
                if (++lostInARow == 1)
                {
                    LogLost(e, Name);
                    lastReport = Environment.TickCount64;
                }
                else if (Environment.TickCount64 - lastReport >= 30_000)
                {
                    LogStillFailing(Name, lostInARow, e.GetType().Name, e.Message);
                    lastReport = Environment.TickCount64;
                }
                try { await Task.Delay(Backoff(1), stop); } catch (OperationCanceledException) { break; }
            }
            finally
            {
                IsLeader = false;
                // Closing the session releases its advisory lock; the pool resets the connection.
                if (lockConn is not null) await lockConn.DisposeAsync();
            }
        }
    }

    /// <remarks>
    /// The work runs on the connection that holds the leadership lock (a session lock outlives the transactions on
    /// it). Each round is then also the check that the lock is still held: a dead connection fails the round and the
    /// agent stops leading, where a separate ping every 2 s used to leave a window. It also spares a pool checkout per
    /// round, whose session reset was seven statements (at steady traffic, half of what the daemon sent).
    /// </remarks>
    private async Task LeadAsync(NpgsqlConnection conn, CancellationToken stop)
    {
        var limit = options.BatchSize;
        Checkpoint? isolateUntil = null;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            // A connection broken by an error that was not recognised as transient: stop leading (the lock went with it).
            if (conn.FullState != System.Data.ConnectionState.Open) throw new NpgsqlException($"Projection {Name}: its connection is {conn.FullState}");
            var (generation, checkpoint, state) = await batches.LockLiveAsync(conn, null, stop);
            if (state == "faulted")
            {
                await IdleAsync(eager: false, stop);
                continue;
            }
            if (isolateUntil is { } until && Compare(checkpoint, until) >= 0)
            {
                (limit, isolateUntil) = (options.BatchSize, null);
            }

            List<StoredEvent> page;
            Checkpoint? through;
            try
            {
                var read = await batches.ReadPageAsync(conn, null, checkpoint, limit, stop);
                (page, through) = read;
                Interlocked.Exchange(ref _seenHorizon, (long)Math.Min(read.Horizon, long.MaxValue - 1));
            }
            catch (UnreadableEventException e)
            {
                // Stored JSON that no longer fits its type (or an upcaster that throws): a poison event like any other.
                page = [e.Event];
                if (++failures <= options.MaxRetries)
                {
                    LogBatchFailed(e.InnerException!, Name, e.Event.Position, failures);
                    await Task.Delay(Backoff(failures), stop);
                    continue;
                }
                failures = 0;
                await HandlePoisonAsync(generation, checkpoint, e.Event, e.InnerException!, stop);
                continue;
            }
            if (page.Count == 0 && through is { } skip && Environment.TickCount64 - _lastSkipTicks >= SkipInterval.TotalMilliseconds)
            {
                // Nothing of this projection's types, but the log moved on: move the checkpoint with it (at most
                // once a second), so the next read does not scan the same events of other types again.
                _lastSkipTicks = Environment.TickCount64;
                await using var skipTx = await conn.BeginTransactionAsync(stop);
                var current = await batches.LockLiveAsync(conn, skipTx, stop);
                if (current.Generation == generation && current.Checkpoint == checkpoint
                    && await batches.AdvanceAsync(conn, skipTx, generation, checkpoint, skip, 0, stop))
                    await skipTx.CommitAsync(stop);
            }
            if (page.Count == 0)
            {
                // Eager only for a while after a notification, and only while what it announced may still be hidden.
                var recentlyWoken = Environment.TickCount64 - Interlocked.Read(ref _lastWakeTicks) < 3000;
                var awaited = Interlocked.Read(ref _awaitedHorizon);
                // An unknown horizon is not waited for for ever (unless a new notification came meanwhile).
                if (!recentlyWoken) Interlocked.CompareExchange(ref _awaitedHorizon, 0, awaited);
                PollingEagerly = ShouldPollEagerly(recentlyWoken, awaited, Interlocked.Read(ref _seenHorizon));
                await IdleAsync(eager: PollingEagerly, stop);
                continue;
            }

            try
            {
                await using var tx = await conn.BeginTransactionAsync(stop);
                var live = await batches.LockLiveAsync(conn, tx, stop);
                if (live.Generation != generation || live.Checkpoint != checkpoint) continue; // a rebuild switched or another runner moved
                if (!await batches.ApplyAsync(conn, tx, generation, checkpoint, page, stop, isolateUntil is null ? through : null)) continue;
                await tx.CommitAsync(stop);
                failures = 0;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                if (IsTransient(e)) throw; // the outer loop re-elects after a backoff
                failures++;
                LogBatchFailed(e, Name, page[0].Position, failures);
                if (failures <= options.MaxRetries)
                {
                    await Task.Delay(Backoff(failures), stop);
                    continue;
                }
                failures = 0;
                if (page.Count > 1)
                {
                    // Apply one event at a time up to the end of this page, to find the poison event.
                    (limit, isolateUntil) = (1, new Checkpoint(page[^1].TransactionId, page[^1].Position));
                    continue;
                }
                await HandlePoisonAsync(generation, checkpoint, page[0], e, stop);
            }
        }
    }

    private async Task HandlePoisonAsync(int generation, Checkpoint checkpoint, StoredEvent poison, Exception error, CancellationToken stop)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(stop);
        await using var tx = await conn.BeginTransactionAsync(stop);
        if (batches.Projection.PoisonEventPolicy == PoisonEventPolicy.SkipAndRecord)
        {
            await batches.RecordDeadLetterAsync(conn, tx, poison, error, stop);
            if (!await batches.AdvanceAsync(conn, tx, generation, checkpoint, new Checkpoint(poison.TransactionId, poison.Position), 0, stop))
                return; // another runner moved on meanwhile: record nothing
            LogSkipped(error, Name, poison.Position);
        }
        else
        {
            await batches.SetStateAsync(conn, tx, generation, "faulted", $"position {poison.Position} ({poison.EventType}): {error.Message}", stop);
            LogStopped(error, Name, poison.Position);
        }
        await tx.CommitAsync(stop);
    }

    /// <summary>
    /// After an empty read: poll again soon only within a while of a notification, and only while a transaction it
    /// announced (below <paramref name="awaitedHorizon"/>) may still be hidden behind an older open one, i.e. the
    /// last read's horizon has not reached it. Without this, every agent polled every 25 ms for 3 s after each
    /// notification, which under steady traffic meant all the time.
    /// </summary>
    internal static bool ShouldPollEagerly(bool recentlyWoken, long awaitedHorizon, long seenHorizon) =>
        recentlyWoken && awaitedHorizon > seenHorizon;

    private async Task IdleAsync(bool eager, CancellationToken stop) =>
        await _wake.WaitAsync(eager ? EagerRetry : options.PollInterval, stop);

    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(options.MaxBackoff.TotalMilliseconds, options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private static bool IsTransient(Exception e) =>
        e is NpgsqlException { IsTransient: true } or TimeoutException or IOException
        || (e is PostgresException p && (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal)));

    private static int Compare(Checkpoint a, Checkpoint b) =>
        a.TransactionId != b.TransactionId ? a.TransactionId.CompareTo(b.TransactionId) : a.Position.CompareTo(b.Position);

    public void Dispose() => _wake.Dispose();

    [LoggerMessage(LogLevel.Information, "Projection {Projection}: running on this host")]
    private partial void LogLeading(string projection);

    [LoggerMessage(LogLevel.Warning, "Projection {Projection}: stopped leading after an error; will try again")]
    private partial void LogLost(Exception e, string projection);

    [LoggerMessage(LogLevel.Warning, "Projection {Projection}: still not running after {Attempts} attempts: {ErrorType}: {Error}")]
    private partial void LogStillFailing(string projection, int attempts, string errorType, string error);

    [LoggerMessage(LogLevel.Information, "Projection {Projection}: running on this host again, after {Attempts} failed attempts")]
    private partial void LogRecovered(string projection, int attempts);

    [LoggerMessage(LogLevel.Warning, "Projection {Projection}: batch from position {Position} failed (attempt {Attempt})")]
    private partial void LogBatchFailed(Exception e, string projection, long position, int attempt);

    [LoggerMessage(LogLevel.Error, "Projection {Projection}: skipped poison event at position {Position} (recorded in projection_dead_letters)")]
    private partial void LogSkipped(Exception e, string projection, long position);

    [LoggerMessage(LogLevel.Error, "Projection {Projection}: stopped at poison event at position {Position}")]
    private partial void LogStopped(Exception e, string projection, long position);
}
