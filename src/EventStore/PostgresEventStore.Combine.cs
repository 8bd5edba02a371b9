using System.Collections.Concurrent;
using EventStore.Internal;
using Npgsql;

namespace EventStore;

/// <summary>
/// Combining concurrent small appends into one round trip and one commit (see docs/event-store.md, "Combined
/// appends"). PostgreSQL spends most of a one-event append on the transaction around it (the commit, its WAL flush
/// and the bookkeeping), so when many callers append at once, the store sends the appends that are waiting as one
/// batch: the one-event appends as one set-based statement, larger ones as the usual one-stream statements. Each
/// stream's expected version is still checked on its own, and each append writes all of its events or none; a
/// stream whose expectation fails writes nothing and is run again alone, which gives its caller exactly the outcome
/// (conflict, retry, duplicate) a lone append would have had.
/// </summary>
public sealed partial class PostgresEventStore
{
    private readonly ConcurrentQueue<PendingAppend> _pending = new();
    private int _combineWriters;
    private long _combinedBatches, _combinedAppends;

    /// <summary>Combined one-event appends as one set-based statement (true) or one statement each (bench A/B only).</summary>
    internal bool SetBasedSingles { get; set; } = true;

    /// <summary>Whether the writer yields between batches (true) so the callers just answered can join the next one (bench A/B only).</summary>
    internal bool YieldBetweenBatches { get; set; } = true;

    /// <summary>Combined batches written so far and the appends they carried (their ratio is the mean batch size).</summary>
    internal (long Batches, long Appends) CombinedCounts => (Interlocked.Read(ref _combinedBatches), Interlocked.Read(ref _combinedAppends));

    /// <summary>A queued append. Its result is null when the caller must run it alone.</summary>
    private sealed class PendingAppend(PreparedStream stream, CancellationToken ct)
    {
        public PreparedStream Stream { get; } = stream;
        public CancellationToken Ct { get; } = ct;
        // Asynchronous continuations: a caller's code after its append must never run on the writer's thread while
        // it holds the writer slot (a caller that waited there for another append would wait for ever).
        public TaskCompletionSource<AppendResult?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private bool CanCombine(IReadOnlyList<PreparedStream> prepared) =>
        Options.CombineConcurrentAppends && prepared.Count == 1 && prepared[0].Events.Count < Options.CopyThreshold
        && Options.InlineProjections.Count == 0;

    private async Task<AppendResult> AppendCombinedAsync(IReadOnlyList<PreparedStream> prepared, CancellationToken ct)
    {
        var mine = new PendingAppend(prepared[0], ct);
        _pending.Enqueue(mine);
        // The caller that finds a free writer slot writes what is waiting (its own append and others') until its own
        // is done; everyone else only waits for its result. Waiting callers never queue for the slot themselves: a
        // hand-off from caller to caller after each batch cost a thread wake-up per caller, in series, and kept
        // 8 writers in lock-step at about half the rate PostgreSQL can take.
        if (TryTakeWriterSlot()) await WriteWaitingAsync(mine);
        // No token here: once queued, the append may already be in a batch, so it must not be abandoned half-way.
        // Cancellation is honoured until the append is taken into a batch.
        return await mine.Done.Task ?? await AppendAloneAsync(prepared, ct);
    }

    private bool TryTakeWriterSlot()
    {
        while (true)
        {
            var writers = Volatile.Read(ref _combineWriters);
            if (writers >= Options.CombinedAppendTransactions) return false;
            if (Interlocked.CompareExchange(ref _combineWriters, writers + 1, writers) == writers) return true;
        }
    }

    /// <summary>Writes batches until <paramref name="mine"/> is done (or, for a background writer, nothing waits).</summary>
    private async Task WriteWaitingAsync(PendingAppend? mine)
    {
        // One connection for the whole run: a pooled open and close per batch would add the pool's session reset
        // (a round of statements on the server) to every shared commit.
        NpgsqlConnection? conn = null;
        try
        {
            while ((mine is null || !mine.Done.Task.IsCompleted) && TakeBatch() is { Count: > 0 } batch)
            {
                try
                {
                    conn ??= await DataSource.OpenConnectionAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    foreach (var item in batch) item.Done.TrySetException(e);
                    continue;
                }
                if (!await WriteCombinedAsync(conn, batch))
                {
                    await conn.DisposeAsync();
                    conn = null;
                }
                // Let the callers just answered run first: most append again at once, and their appends then join
                // the next batch instead of waiting for the one after it.
                if (YieldBetweenBatches) await Task.Yield();
            }
        }
        finally
        {
            if (conn is not null) await conn.DisposeAsync();
            Interlocked.Decrement(ref _combineWriters);
        }
        // Appends queued after the last batch was taken, whose callers found every slot taken: someone must write
        // them. (They enqueue before they try for a slot, and the slot is given back before this check, so either
        // they got the slot or this sees them.)
        if (!_pending.IsEmpty && TryTakeWriterSlot()) _ = Task.Run(() => WriteWaitingAsync(null));
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

    /// <summary>Writes one batch on <paramref name="conn"/>; false when the connection may be broken.</summary>
    private async Task<bool> WriteCombinedAsync(NpgsqlConnection conn, List<PendingAppend> batch)
    {
        try
        {
            var streams = batch.Select(b => b.Stream).ToArray();
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
                ? await WriteByInsertAsync(conn, null, toWrite, written, CancellationToken.None, _sql.CombinedLockTimeout, combineSingles: SetBasedSingles)
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
            return false;
        }
        return true;
    }
}
