using EventStore;
using Messaging.Handlers;
using Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging;

/// <summary>
/// Runs handlers in units of work: the handler's events, its outgoing messages (outbox) and, for a message from
/// the broker, its inbox record commit in one transaction or not at all; the writes a handler queues
/// (<see cref="EventStoreSession.Append(string, string, ExpectedVersion, IReadOnlyList{NewEvent})"/>), the outbox
/// rows and the inbox row travel with the COMMIT in one round trip. A concurrency conflict runs the whole
/// unit again (reload, decide, append), a bounded number of times.
/// </summary>
public sealed class MessageBus : IAsyncDisposable
{
    private readonly PostgresEventStore _store;
    private readonly HandlerRegistry _handlers;
    private readonly MessagingOptions _options;
    private readonly OutboxWriter _outbox;
    private readonly Inbox.Inbox _inbox;
    private readonly PgNotifier _notifier;
    private readonly IServiceProvider? _services;

    public MessageBus(PostgresEventStore store, HandlerRegistry handlers, MessagingOptions options, IServiceProvider? services = null)
    {
        _store = store;
        _handlers = handlers;
        _options = options;
        if (options.Outbox.Schema != store.Options.Schema)
            throw new ArgumentException($"The outbox schema '{options.Outbox.Schema}' must be the store's ('{store.Options.Schema}'): events and messages commit in one transaction.");
        _outbox = new OutboxWriter(options.Outbox);
        _inbox = new Inbox.Inbox(store.Options.Schema);
        _notifier = new PgNotifier(store.DataSource, options.Outbox.NotificationChannel);
        _services = services;
    }

    public MessagingOptions Options => _options;

    /// <summary>The store the bus writes to.</summary>
    public PostgresEventStore Store => _store;

    /// <summary>
    /// Raised after a unit of work that wrote outbox rows committed, with the outbox partitions it wrote to: a relay
    /// in this process wakes just those partitions' workers.
    /// </summary>
    public event Action<IReadOnlyCollection<int>>? OutboxCommitted;

    /// <summary>Handles <paramref name="message"/> now, in this process, and returns the handler's result or throws its error.</summary>
    public Task<object?> InvokeAsync(object message, MessageMetadata? metadata = null, CancellationToken ct = default) =>
        ExecuteAsync(message, Uuid7.NewGuid(), metadata ?? MessageMetadata.Empty, inboxConsumer: null, ct);

    /// <summary>Like <see cref="InvokeAsync(object, MessageMetadata?, CancellationToken)"/>, typed.</summary>
    public async Task<TResult> InvokeAsync<TResult>(object message, MessageMetadata? metadata = null, CancellationToken ct = default) =>
        (TResult)(await InvokeAsync(message, metadata, ct))!;

    /// <summary>Sends <paramref name="message"/> durably: it is in the outbox when this returns, and reaches the broker via a relay.</summary>
    public async Task SendAsync(object message, MessageMetadata? metadata = null, string? orderingKey = null, DateTimeOffset? deliverAt = null, CancellationToken ct = default)
    {
        var outgoing = MessageContext.Build(_options, message, orderingKey, deliverAt, metadata ?? MessageMetadata.Empty);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await _store.OpenSessionAsync(ct);
                _outbox.WriteWithCommit(session, [outgoing]);
                await session.CommitAsync(ct); // BEGIN, the row and COMMIT: one round trip
                OnOutboxCommitted([outgoing]);
                return;
            }
            catch (ConcurrencyException) when (attempt < _options.MaxConflictRetries)
            {
            }
        }
    }

    /// <summary>Publishes durably (same delivery as <see cref="SendAsync"/>).</summary>
    public Task PublishAsync(object message, MessageMetadata? metadata = null, string? orderingKey = null, CancellationToken ct = default) =>
        SendAsync(message, metadata, orderingKey, null, ct);

    /// <summary>
    /// Handles a message from the broker for <paramref name="consumer"/>: its id goes into the inbox in the same
    /// transaction as the handler's effects, so a redelivery changes nothing. Returns false for a duplicate.
    /// </summary>
    public async Task<bool> HandleIncomingAsync(object message, Guid messageId, MessageMetadata metadata, string consumer, CancellationToken ct = default)
    {
        var handled = false;
        await ExecuteAsync(message, messageId, metadata, consumer, ct, () => handled = true);
        return handled;
    }

    private async Task<object?> ExecuteAsync(object message, Guid messageId, MessageMetadata metadata, string? inboxConsumer, CancellationToken ct, Action? onFirstTime = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_handlers.TryGet(message.GetType(), out var handler))
            throw new InvalidOperationException($"No handler for {message.GetType().Name}.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = _services?.CreateAsyncScope(); // one DI scope per unit of work
                await using var session = await _store.OpenSessionAsync(ct);
                // The inbox row, the handler's queued appends and the outbox rows go with the COMMIT in one round trip
                // (after the handler's own reads): a duplicate is found there, and the unit then commits nothing.
                if (inboxConsumer is not null) _inbox.RecordWithCommit(session, inboxConsumer, messageId, StoredName(message.GetType()), metadata);
                var context = new MessageContext(_options, session, messageId, metadata, scope?.ServiceProvider);
                object? result;
                try
                {
                    result = await handler.HandleAsync(message, context, ct);
                }
                catch (Exception) when (inboxConsumer is not null)
                {
                    // A redelivered message runs its handler again before its duplicate is found, on a state that has
                    // moved on: a failure then means nothing if the first delivery committed.
                    if (await _inbox.ContainsAsync(_store.DataSource, inboxConsumer, messageId, ct)) return null;
                    throw;
                }
                _outbox.WriteWithCommit(session, context.Outgoing);
                try
                {
                    await session.CommitAsync(ct);
                }
                catch (Inbox.AlreadyHandledException)
                {
                    return null; // already handled: its effects were committed the first time, these were not
                }
                onFirstTime?.Invoke();
                if (context.Outgoing.Count > 0) OnOutboxCommitted(context.Outgoing);
                return result;
            }
            catch (ConcurrencyException) when (attempt < _options.MaxConflictRetries)
            {
                // Someone else appended first: reload and decide again on the new state, after a short jittered pause
                // so that racing units do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(0, 5 * attempt), ct);
            }
        }
    }

    public ValueTask DisposeAsync() => _notifier.DisposeAsync();

    private string? StoredName(Type type)
    {
        try
        {
            return _options.Messages.NameOf(type);
        }
        catch (ArgumentException)
        {
            return null; // handled without being registered (only possible in-process): no pinned name to record
        }
    }

    private void OnOutboxCommitted(IReadOnlyList<OutboxMessage> written)
    {
        if (OutboxCommitted is { } handlers)
            handlers(written.Select(m => _options.Outbox.PartitionOf(m.OrderingKey, m.MessageId)).Distinct().ToArray());
        _notifier.Signal(); // relays in other processes
    }
}
