using EventStore.Internal;
using Npgsql;

namespace EventStore;

/// <summary>
/// A unit of work: appends and the caller's own commands (outbox rows, read-model rows) in one transaction.
/// <see cref="AppendAsync(string, string, ExpectedVersion, IReadOnlyList{NewEvent}, CancellationToken)"/> runs at once
/// (a conflict surfaces there, and the result has the positions); <see cref="Append(string, string, ExpectedVersion, IReadOnlyList{NewEvent})"/>
/// and <see cref="ExecuteWithCommit"/> queue their statements and send them with the COMMIT, in one round trip (a
/// conflict surfaces from <see cref="CommitAsync"/>). Everything becomes visible only on <see cref="CommitAsync"/>;
/// disposing without committing rolls everything back. Not thread-safe.
/// </summary>
public sealed partial class EventStoreSession : IAsyncDisposable
{
    private readonly PostgresEventStore _store;
    private bool _completed;
    // Whether the session appended (or queued an append): only then does its commit announce new events. A unit of
    // work that wrote only its own rows (an ingest batch's outbox rows, an inbox row) woke every projection agent
    // and live feed listening for events, for nothing.
    private bool _appended;
    private Exception? _failed;

    internal EventStoreSession(PostgresEventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _store = store;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The session's open connection; use it with <see cref="Transaction"/> for your own commands.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The session's transaction.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>Appends to one stream within the session's transaction.</summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at the expected version; the session should be abandoned and retried.</exception>
    public Task<AppendResult> AppendAsync(string streamId, string streamType, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken ct = default) =>
        AppendAsync([new StreamAppend(streamId, streamType, expected, events)], ct);

    /// <summary>Appends to several streams within the session's transaction.</summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var prepared = PreparedAppend.Prepare(appends, _store.Options); // bad input fails here and leaves the session usable
        return await AppendAsyncCore(prepared, ct);
    }

    private async Task<AppendResult> AppendAsyncCore(IReadOnlyList<PreparedStream> prepared, CancellationToken ct)
    {
        _appended = true;
        try
        {
            await FlushChainHeadsAsync(ct); // an append continues the chain from the stored heads
            var heads = new List<NpgsqlBatchCommand>();
            var result = await _store.AppendCoreAsync(Connection, Transaction, prepared, canRetry: false, ct, heads);
            foreach (var command in heads) _pending.Add(new PendingStatement(command, null, ChainHeads: true));
            return result;
        }
        catch (Exception e)
        {
            // Part of a multi-stream append may already be written in the transaction: it must not be committed.
            _failed = e;
            throw;
        }
    }

    /// <summary>
    /// Folds a stream inside the session (its connection and transaction: no second connection), as
    /// <see cref="PostgresEventStore.AggregateAsync{TState}"/> does.
    /// </summary>
    public Task<Aggregate<TState>> AggregateAsync<TState>(string streamId, TState initial, Func<TState, object, TState> evolve, long asOfVersion = long.MaxValue, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        return _store.AggregateCoreAsync(Connection, Transaction, streamId, initial, evolve, asOfVersion, snapshot: null, ct);
    }

    /// <summary>A command on the session's connection and transaction.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    /// <summary>Commits everything written in the session, with the statements queued for the commit in the same round trip.</summary>
    /// <exception cref="InvalidOperationException">An append in this session failed; the session can only be discarded.</exception>
    /// <exception cref="WrongExpectedVersionException">A queued append's expectation did not hold: nothing was committed.</exception>
    /// <exception cref="StreamDeletedException">A queued append's stream was tombstoned: nothing was committed.</exception>
    public async Task CommitAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_failed is not null) throw new InvalidOperationException("An append in this session failed; discard the session and retry the unit of work.", _failed);
        if (_pending.Count == 0) await Transaction.CommitAsync(ct);
        else await CommitPendingAsync(ct);
        _completed = true;
        if (_appended) _store.OnCommitted();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            try { await Transaction.RollbackAsync(); } catch (NpgsqlException) { /* the connection is gone: so is the transaction */ }
        }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
