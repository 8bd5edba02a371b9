using EventStore.Internal;
using Npgsql;

namespace EventStore;

/// <summary>Statements queued to travel with the COMMIT: a unit of work's writes in one round trip.</summary>
public sealed partial class EventStoreSession
{
    private readonly List<Pending> _pending = [];

    private abstract record Pending;

    private sealed record PendingAppend(PreparedStream Stream) : Pending;

    /// <param name="ChainHeads">A COPY append's new chain heads: sent before anything appends again (see FlushChainHeadsAsync).</param>
    private sealed record PendingStatement(NpgsqlBatchCommand Command, Func<PostgresException, Exception?>? Translate, bool ChainHeads = false) : Pending;

    /// <summary>
    /// Queues an append to one stream, written with the commit in the same round trip (Marten's Append, then
    /// SaveChanges). Bad input fails here; a version conflict fails <see cref="CommitAsync"/>, which then commits
    /// nothing. The session's own reads do not see queued events. Appends with idempotency keys, with inline
    /// projections registered, or large enough for COPY are written just before the commit instead, as
    /// <see cref="AppendAsync(IReadOnlyList{StreamAppend}, CancellationToken)"/> would.
    /// </summary>
    public void Append(string streamId, string streamType, ExpectedVersion expected, IReadOnlyList<NewEvent> events)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _pending.Add(new PendingAppend(PreparedAppend.Prepare([new StreamAppend(streamId, streamType, expected, events)], _store.Options)[0]));
        _appended = true;
    }

    /// <summary>
    /// Queues a statement on the session's connection, sent after the queued appends and before the COMMIT in the
    /// same round trip. A statement that must not silently do nothing raises an error instead (see the schema's
    /// <c>refuse</c> function); <paramref name="translate"/> turns that error into the caller's exception (null:
    /// rethrow it as it is). Its result rows are not read.
    /// </summary>
    public void ExecuteWithCommit(NpgsqlBatchCommand command, Func<PostgresException, Exception?>? translate = null)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        ArgumentNullException.ThrowIfNull(command);
        _pending.Add(new PendingStatement(command, translate));
    }

    private async Task CommitPendingAsync(CancellationToken ct)
    {
        var appends = _pending.OfType<PendingAppend>().ToArray();
        if (appends.Any(a => !_store.CanDefer(a.Stream)))
        {
            // Written now, each as AppendAsync would (a conflict surfaces here); the other statements still go with the commit.
            _pending.RemoveAll(p => p is PendingAppend);
            foreach (var append in appends) await AppendAsyncCore([append.Stream], ct);
        }
        // Chain heads first: they belong to appends already written, and a queued append to one of those streams
        // must continue its chain from them.
        var pending = _pending.OrderByDescending(p => p is PendingStatement { ChainHeads: true }).ToArray();
        _pending.Clear();

        await using var batch = new NpgsqlBatch(Connection, Transaction);
        foreach (var item in InLockOrder(pending))
            batch.BatchCommands.Add(item switch
            {
                PendingAppend a => _store.DeferredAppendCommand(a.Stream),
                PendingStatement s => s.Command,
                _ => throw new InvalidOperationException(),
            });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e)
        {
            _failed = e;
            await RollbackQuietlyAsync();
            _completed = true; // rolled back: nothing left for DisposeAsync to undo
            // Npgsql does not say which statement of a batch failed: the refusals say it themselves (an append's
            // carries its stream id; each statement's owner recognises its own SQLSTATE).
            if (await _store.DeferredFailureAsync(Connection, pending.OfType<PendingAppend>().Select(a => a.Stream).ToArray(), e, ct) is { } conflict)
                throw conflict;
            foreach (var statement in pending.OfType<PendingStatement>())
                if (statement.Translate?.Invoke(e) is { } translated) throw translated;
            throw;
        }
    }

    /// <summary>
    /// Consecutive appends sorted by stream id (stable: a stream's own appends keep their order), as AppendAsync
    /// locks a multi-stream append's streams, so that concurrent units of work do not deadlock.
    /// </summary>
    private static IEnumerable<Pending> InLockOrder(Pending[] pending)
    {
        for (var i = 0; i < pending.Length;)
        {
            if (pending[i] is not PendingAppend) { yield return pending[i++]; continue; }
            var run = i;
            while (i < pending.Length && pending[i] is PendingAppend) i++;
            foreach (var a in pending[run..i].Cast<PendingAppend>().OrderBy(a => a.Stream.StreamId, StringComparer.Ordinal)) yield return a;
        }
    }

    /// <summary>
    /// Sends the chain heads a COPY append left for the commit, when something is about to append again in this
    /// transaction (rare: a session with a big append and then another one): the next append must find them stored.
    /// </summary>
    private async Task FlushChainHeadsAsync(CancellationToken ct)
    {
        var heads = _pending.OfType<PendingStatement>().Where(p => p.ChainHeads).ToArray();
        if (heads.Length == 0) return;
        await using var batch = new NpgsqlBatch(Connection, Transaction);
        foreach (var h in heads) batch.BatchCommands.Add(h.Command);
        await batch.ExecuteNonQueryAsync(ct);
        _pending.RemoveAll(p => p is PendingStatement { ChainHeads: true });
    }

    private async Task RollbackQuietlyAsync()
    {
        try { await Transaction.RollbackAsync(); }
        catch (InvalidOperationException) { /* the failed COMMIT already ended it */ }
        catch (NpgsqlException) { /* the connection is gone: so is the transaction */ }
    }
}
