using System.Collections.Concurrent;
using EventStore.Internal;
using Npgsql;

namespace EventStore;

/// <summary>
/// Combining concurrent small appends into one round trip and one commit (see docs/event-store.md, "Combined
/// appends"). PostgreSQL spends most of a one-event append on the transaction around it (the commit, its WAL flush
/// and the bookkeeping), so when many callers append at once, the store sends the appends that are waiting as one
/// batch of the usual one-stream statements. Each statement still checks its own stream's expected version and
/// writes all of its events or none; a stream whose expectation fails writes nothing and is run again alone, which
/// gives its caller exactly the outcome (conflict, retry, duplicate) a lone append would have had.
/// </summary>
public sealed partial class PostgresEventStore
{
    private readonly ConcurrentQueue<PendingAppend> _pending = new();
    private SemaphoreSlim? _combineSlots;
    private long _combinedBatches, _combinedAppends;

    /// <summary>Combined batches written so far and the appends they carried (their ratio is the mean batch size).</summary>
    internal (long Batches, long Appends) CombinedCounts => (Interlocked.Read(ref _combinedBatches), Interlocked.Read(ref _combinedAppends));

    private SemaphoreSlim CombineSlots => LazyInitializer.EnsureInitialized(ref _combineSlots, () => new SemaphoreSlim(Options.CombinedAppendTransactions));

    /// <summary>A queued append. Its result is null when the caller must run it alone.</summary>
    private sealed class PendingAppend(PreparedStream stream, CancellationToken ct)
    {
        public PreparedStream Stream { get; } = stream;
        public CancellationToken Ct { get; } = ct;
        public TaskCompletionSource<AppendResult?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private bool CanCombine(IReadOnlyList<PreparedStream> prepared) =>
        Options.CombineConcurrentAppends && prepared.Count == 1 && prepared[0].Events.Count < Options.CopyThreshold
        && Options.InlineProjections.Count == 0;

    private async Task<AppendResult> AppendCombinedAsync(IReadOnlyList<PreparedStream> prepared, CancellationToken ct)
    {
        var mine = new PendingAppend(prepared[0], ct);
        _pending.Enqueue(mine);
        // No token here: once queued, another caller may already be writing this append, so it must not be
        // abandoned half-way. Cancellation is honoured until the append is taken into a batch.
        await CombineSlots.WaitAsync(CancellationToken.None);
        try
        {
            // Write what is waiting (this caller's append and others') until this caller's append is done or taken
            // by another writer.
            while (!mine.Done.Task.IsCompleted && TakeBatch() is { Count: > 0 } batch)
                await WriteCombinedAsync(batch);
        }
        finally
        {
            CombineSlots.Release();
        }
        return await mine.Done.Task ?? await AppendAloneAsync(prepared, ct);
    }

    /// <summary>Up to <see cref="EventStoreOptions.MaxCombinedAppends"/> waiting appends, at most one per stream.</summary>
    private List<PendingAppend> TakeBatch()
    {
        var batch = new List<PendingAppend>();
        var streams = new HashSet<string>(StringComparer.Ordinal);
        List<PendingAppend>? later = null;
        while (batch.Count < Options.MaxCombinedAppends && _pending.TryDequeue(out var next))
        {
            if (next.Ct.IsCancellationRequested) { next.Done.TrySetCanceled(next.Ct); continue; }
            // Two appends to one stream cannot share a batch: the second expects the version the first makes.
            if (!streams.Add(next.Stream.StreamId)) { (later ??= []).Add(next); continue; }
            batch.Add(next);
        }
        if (later is not null) foreach (var p in later) _pending.Enqueue(p);
        return batch;
    }

    private async Task WriteCombinedAsync(List<PendingAppend> batch)
    {
        try
        {
            var streams = batch.Select(b => b.Stream).ToArray();
            await using var conn = await DataSource.OpenConnectionAsync(CancellationToken.None);
            var duplicates = await FindDuplicatesAsync(conn, null, streams, CancellationToken.None);
            var toWrite = streams
                .Select(s => (Stream: s, Events: s.Events.Where(e => e.IdempotencyKey is null || !duplicates.Contains(e.IdempotencyKey)).ToArray()))
                .Where(x => x.Events.Length > 0)
                .OrderBy(x => x.Stream.StreamId, StringComparer.Ordinal) // the lock order of every append
                .ToArray();
            var written = new Dictionary<string, (long Version, List<(long Position, long Version)> Rows)>(StringComparer.Ordinal);
            // One batch without an explicit transaction: PostgreSQL runs it as one implicit transaction, one commit.
            // A stream locked by a long transaction elsewhere must not hold everyone's appends: past a short lock
            // wait the batch gives up and each append goes alone (and only that one waits).
            var conflicts = toWrite.Length > 0
                ? await WriteByInsertAsync(conn, null, toWrite, written, CancellationToken.None, _sql.CombinedLockTimeout)
                : [];
            if (written.Count > 0) OnCommitted();
            Interlocked.Increment(ref _combinedBatches);
            Interlocked.Add(ref _combinedAppends, batch.Count);
            foreach (var item in batch)
            {
                if (conflicts.Contains(item.Stream)) item.Done.TrySetResult(null);
                else item.Done.TrySetResult(BuildResult([item.Stream], duplicates, written));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation
                                              or PostgresErrorCodes.LockNotAvailable)
        {
            // The whole batch rolled back (a key or stream raced another writer, or a stream is locked for long):
            // each caller runs its own append alone, with the lone path's retries, waits and precise error.
            foreach (var item in batch) item.Done.TrySetResult(null);
        }
        catch (Exception e)
        {
            // Anything else (the database gone, a broken connection) is every caller's error, as it would have been alone.
            foreach (var item in batch) item.Done.TrySetException(e);
        }
    }
}
