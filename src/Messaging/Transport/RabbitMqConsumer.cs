using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Transport;

/// <summary>
/// Consumes one queue with manual acks. Deliveries go to <see cref="RabbitMqOptions.ConsumerConcurrency"/> in-process
/// workers by hash of their ordering key (keyless ones round-robin), so one key is handled in order while different keys
/// run in parallel. A delivery is acknowledged only after the handler returned <see cref="HandleOutcome.Handled"/>;
/// failures are retried in-process, then dead-lettered to <c>{queue}.dlx</c>. After a connection loss the client's
/// automatic recovery re-subscribes; unacknowledged deliveries are redelivered by the broker (at-least-once).
/// </summary>
public sealed partial class RabbitMqConsumer : IAsyncDisposable
{
    private readonly RabbitMqConnection _connection;
    private readonly string _queue;
    private readonly RabbitMqOptions _options;
    private readonly MessageHandler _handler;
    private readonly ILogger _logger;
    private readonly Channel<Delivery>[] _lanes;
    private readonly Task[] _workers;
    private readonly ConfirmChannel _deadLetterChannel;
    private readonly DeadLetterWriter _deadLetters;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _stopLock = new();
    private IChannel? _channel;
    private string? _consumerTag;
    private int _nextLane;
    private Task? _stopped;

    private RabbitMqConsumer(RabbitMqConnection connection, string queue, RabbitMqOptions options, MessageHandler handler, ILogger logger)
    {
        (_connection, _queue, _options, _handler, _logger) = (connection, queue, options, handler, logger);
        _deadLetterChannel = new ConfirmChannel(connection, logger);
        _deadLetters = new DeadLetterWriter(_deadLetterChannel, queue);
        _lanes = new Channel<Delivery>[options.ConsumerConcurrency];
        _workers = new Task[options.ConsumerConcurrency];
        for (var i = 0; i < _lanes.Length; i++)
        {
            // Unbounded is fine: the broker never has more than Prefetch unacknowledged deliveries out.
            _lanes[i] = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var reader = _lanes[i].Reader;
            _workers[i] = Task.Run(() => RunWorkerAsync(reader));
        }
    }

    /// <summary>Subscribes to <paramref name="queue"/> (which must exist, see <see cref="RabbitMqTopology"/>).</summary>
    public static async Task<RabbitMqConsumer> StartAsync(
        RabbitMqConnection conn, string queue, RabbitMqOptions options, MessageHandler handler, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conn);
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        var consumer = new RabbitMqConsumer(conn, queue, options, handler, logger);
        try
        {
            await consumer.SubscribeAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return consumer;
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        var channel = await _connection.CreateChannelAsync(confirms: false, ct).ConfigureAwait(false);
        _channel = channel;
        channel.ChannelShutdownAsync += OnChannelShutdownAsync;
        await channel.BasicQosAsync(prefetchSize: 0, _options.Prefetch, global: false, ct).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        consumer.UnregisteredAsync += OnUnregisteredAsync;
        _consumerTag = await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, ct).ConfigureAwait(false);
        _logger.LogInformation("Consuming {Queue} with {Workers} workers, prefetch {Prefetch}", _queue, _lanes.Length, _options.Prefetch);
    }

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs ea)
    {
        // The client reuses the body's buffer once this callback returns.
        var body = ea.Body.ToArray();
        var message = MessageCodec.Decode(ea.BasicProperties, body, out var problem);
        var delivery = new Delivery(ea.DeliveryTag, ea.RoutingKey, ea.BasicProperties, body, message, problem);
        // Refused only once stopping: left unacknowledged, the broker redelivers it after the channel closes.
        LaneFor(message.OrderingKey).Writer.TryWrite(delivery);
        return Task.CompletedTask;
    }

    private Channel<Delivery> LaneFor(string? orderingKey)
    {
        var hash = orderingKey is null
            ? (uint)Interlocked.Increment(ref _nextLane)
            : (uint)StringComparer.Ordinal.GetHashCode(orderingKey);
        return _lanes[hash % (uint)_lanes.Length];
    }

    private Task OnChannelShutdownAsync(object sender, ShutdownEventArgs e)
    {
        // Deliveries already queued are still handled, in order: acks for them are ignored after recovery and
        // the broker redelivers them, so they are handled twice (the inbox dedupes). Dropping them instead is not
        // safe: one dispatched just after this event could not be told apart and would overtake its key.
        if (e.Initiator != ShutdownInitiator.Application)
            _logger.LogWarning("Consumer channel of {Queue} closed ({ReplyCode} {ReplyText})", _queue, e.ReplyCode, e.ReplyText);
        return Task.CompletedTask;
    }

    private Task OnUnregisteredAsync(object sender, ConsumerEventArgs e)
    {
        // Also raised when the channel shuts down (recovery re-registers then); with the channel still open
        // it was the broker, e.g. because the queue was deleted, and nothing will re-register it.
        if (!_stopping.IsCancellationRequested && _channel is { IsOpen: true })
            _logger.LogError("The broker cancelled the consumer of {Queue}; no more deliveries will arrive", _queue);
        return Task.CompletedTask;
    }
}
