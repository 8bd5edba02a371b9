using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Transport;

/// <summary>
/// The one shared AMQP connection of a process. Automatic recovery is on: after a connection loss the client
/// reconnects every <see cref="RabbitMqOptions.RecoveryInterval"/> and re-opens channels, declarations and consumers.
/// </summary>
public sealed class RabbitMqConnection : IAsyncDisposable
{
    private readonly ILogger _logger;

    private RabbitMqConnection(IConnection connection, RabbitMqOptions options, ILogger logger)
    {
        Inner = connection;
        Options = options;
        _logger = logger;
        connection.ConnectionShutdownAsync += OnShutdownAsync;
        connection.RecoverySucceededAsync += OnRecoveredAsync;
        connection.ConnectionRecoveryErrorAsync += OnRecoveryErrorAsync;
        connection.ConnectionBlockedAsync += OnBlockedAsync;
    }

    /// <summary>The options the connection was made with.</summary>
    public RabbitMqOptions Options { get; }

    /// <summary>False while the broker is unreachable and recovery is in progress.</summary>
    public bool IsOpen => Inner.IsOpen;

    internal IConnection Inner { get; }

    /// <summary>
    /// Connects, retrying with exponential backoff until connected or <paramref name="ct"/> is cancelled, so a
    /// process can start before the broker. Only the first connect needs this; later losses are recovered by the client.
    /// </summary>
    public static async Task<RabbitMqConnection> ConnectAsync(RabbitMqOptions options, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var factory = new ConnectionFactory
        {
            Uri = new Uri(options.Uri),
            ClientProvidedName = options.ClientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = options.RecoveryInterval,
            // One delivery callback at a time per channel: the consumer relies on seeing deliveries in queue order.
            ConsumerDispatchConcurrency = 1,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
                logger.LogInformation("Connected to RabbitMQ at {Host} as {ClientName}", factory.HostName, options.ClientName);
                return new RabbitMqConnection(connection, options, logger);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var delay = Backoff.Delay(attempt, options.InitialRetryDelay, options.MaxRetryDelay);
                logger.LogWarning(ex, "RabbitMQ connect attempt {Attempt} failed; retrying in {Delay}", attempt, delay);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Opens a channel. With <paramref name="confirms"/>, publishes on it complete only when the broker confirmed
    /// them and fail when it nacked or returned them.
    /// </summary>
    public Task<IChannel> CreateChannelAsync(bool confirms, CancellationToken ct) =>
        // No outstanding-confirms rate limiter: its throttling delays each publish independently, which can
        // reorder a batch published in one go, and the batch size already bounds what is in flight.
        Inner.CreateChannelAsync(
            new CreateChannelOptions(confirms, confirms, outstandingPublisherConfirmationsRateLimiter: null, consumerDispatchConcurrency: 1),
            ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Inner.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Closing the RabbitMQ connection failed");
        }
        Inner.Dispose();
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        if (e.Initiator != ShutdownInitiator.Application)
            _logger.LogWarning("RabbitMQ connection lost ({ReplyCode} {ReplyText}); recovering", e.ReplyCode, e.ReplyText);
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs e)
    {
        _logger.LogInformation("RabbitMQ connection recovered");
        return Task.CompletedTask;
    }

    private Task OnRecoveryErrorAsync(object sender, ConnectionRecoveryErrorEventArgs e)
    {
        _logger.LogWarning(e.Exception, "RabbitMQ connection recovery attempt failed; will retry");
        return Task.CompletedTask;
    }

    private Task OnBlockedAsync(object sender, ConnectionBlockedEventArgs e)
    {
        _logger.LogWarning("RabbitMQ blocked the connection: {Reason}", e.Reason);
        return Task.CompletedTask;
    }
}
