using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Messaging.Transport;

// Stopping: no new deliveries, finish what is in flight, close.
public sealed partial class RabbitMqConsumer
{
    /// <summary>
    /// Stops taking deliveries, lets in-flight handlers finish (and ack), then closes the channel. Deliveries not yet
    /// started are left unacknowledged for the broker to redeliver. When <paramref name="ct"/> fires first, the
    /// handlers' token is cancelled and their deliveries are redelivered too.
    /// </summary>
    public Task StopAsync(CancellationToken ct)
    {
        lock (_stopLock)
            return _stopped ??= StopCoreAsync(ct);
    }

    /// <summary>Stops as <see cref="StopAsync"/>, waiting at most <see cref="RabbitMqOptions.StopTimeout"/> for handlers.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(_options.StopTimeout);
        await StopAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task StopCoreAsync(CancellationToken ct)
    {
        _stopping.Cancel();
        if (_channel is { IsOpen: true } channel && _consumerTag is not null)
        {
            try
            {
                await channel.BasicCancelAsync(_consumerTag, noWait: false, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Cancelling the consumer of {Queue} failed", _queue);
            }
        }
        foreach (var lane in _lanes)
            lane.Writer.TryComplete();
        var workers = Task.WhenAll(_workers);
        try
        {
            await workers.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _abort.Cancel();
            await workers.ConfigureAwait(false);
        }
        await _deadLetterChannel.DisposeAsync().ConfigureAwait(false);
        await CloseChannelAsync().ConfigureAwait(false);
        _logger.LogInformation("Stopped consuming {Queue}", _queue);
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is not { } channel)
            return;
        try
        {
            if (channel.IsOpen)
                await channel.CloseAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Closing the consumer channel of {Queue} failed", _queue);
        }
        channel.Dispose();
    }
}
