using Messaging.Consuming;
using Messaging.DeadLetters;
using Messaging.Outbox;
using Messaging.Schema;
using Messaging.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Hosting;

/// <summary>
/// Starts messaging in a host: migrates its tables, connects to the broker (retrying until it is there), declares
/// the topology, runs the relay and the consumers, and sweeps dead-letter queues into PostgreSQL and old ids out of
/// the inbox. The business side does not wait for the broker: commands are accepted and queued in the outbox.
/// </summary>
internal sealed partial class MessagingHostedService(MessageBus bus, MessagingHostOptions options, MessagingStatus status, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<MessagingHostedService>();
    // Guarded by itself: ExecuteAsync may still be adding what it started while the host is already stopping.
    private readonly List<IAsyncDisposable> _running = [];
    private bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var store = bus.Store;
        status.UsesBroker = options.UseBroker;
        await MessagingSchema.MigrateAsync(store.DataSource, store.Options.Schema, stop);
        status.Migrated = true;
        var inbox = new Inbox.Inbox(store.Options.Schema);
        if (!options.UseBroker)
        {
            await SweepAsync(() => inbox.PurgeAsync(store.DataSource, options.InboxRetention, stop), stop);
            return;
        }
        var connection = await RabbitMqConnection.ConnectAsync(options.RabbitMq, _logger, stop);
        status.Connection = connection;
        await TrackAsync(connection);
        await using (var channel = await connection.CreateChannelAsync(confirms: false, stop))
            foreach (var (queue, keys) in options.Queues)
                await RabbitMqTopology.DeclareQueueAsync(channel, bus.Options.Exchange, queue, keys, stop);

        if (options.RunRelay)
        {
            var publishers = Enumerable.Range(0, options.PublishChannels).Select(_ => new RabbitMqPublisher(connection, loggers.CreateLogger<RabbitMqPublisher>())).ToArray();
            var relay = new OutboxRelay(store.DataSource, bus.Options.Outbox, new RabbitMqOutboxPublisher(publishers), loggers.CreateLogger<OutboxRelay>());
            bus.OutboxCommitted += relay.Wake;
            await relay.StartAsync(stop);
            foreach (var publisher in publishers) await TrackAsync(publisher);
            await TrackAsync(relay);
        }
        foreach (var queue in options.Queues.Keys)
            await TrackAsync(await MessageConsumer.StartAsync(bus, connection, queue, queue, options.RabbitMq, loggers.CreateLogger<MessageConsumer>(), stop));

        var deadLetters = new DeadLetterStore(store.DataSource, bus.Options.Outbox);
        await SweepAsync(async () =>
        {
            await inbox.PurgeAsync(store.DataSource, options.InboxRetention, stop);
            foreach (var queue in options.Queues.Keys)
                if (await deadLetters.MoveFromQueueAsync(connection, queue, stop) is var moved and > 0) LogDeadLetters(moved, queue);
        }, stop);
    }

    /// <summary>Runs <paramref name="sweep"/> every interval until stopped; a failed round (database or broker away) is tried again next time.</summary>
    private async Task SweepAsync(Func<Task> sweep, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await sweep();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e);
            }
            await Task.Delay(options.DeadLetterSweepInterval, stop);
        }
    }

    /// <summary>Remembers something to dispose at stop; if the host is already stopping, disposes it at once.</summary>
    private async Task TrackAsync(IAsyncDisposable started)
    {
        lock (_running)
        {
            if (!_stopping)
            {
                _running.Add(started);
                return;
            }
        }
        await started.DisposeAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        IAsyncDisposable[] started;
        lock (_running)
        {
            _stopping = true;
            started = [.. _running];
            _running.Clear();
        }
        // Reverse order: consumers and the relay go before the publishers and the connection they use.
        // One that fails to stop cleanly must not keep the others running.
        for (var i = started.Length - 1; i >= 0; i--)
        {
            try
            {
                await started[i].DisposeAsync();
            }
            catch (Exception e)
            {
                LogStopFailed(e, started[i].GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Stopping {Component} failed")]
    private partial void LogStopFailed(Exception e, string component);

    [LoggerMessage(LogLevel.Warning, "{Count} dead letter(s) from {Queue} stored for review and replay")]
    private partial void LogDeadLetters(int count, string queue);

    [LoggerMessage(LogLevel.Warning, "Dead-letter/inbox sweep failed; will try again")]
    private partial void LogSweepFailed(Exception e);
}
