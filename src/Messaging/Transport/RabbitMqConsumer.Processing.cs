using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Messaging.Transport;

// The workers: handle, retry in-process, acknowledge or dead-letter.
public sealed partial class RabbitMqConsumer
{
    private async Task RunWorkerAsync(ChannelReader<Delivery> lane)
    {
        await foreach (var delivery in lane.ReadAllAsync().ConfigureAwait(false))
        {
            // Once stopping, left unacknowledged: the broker delivers it again after the channel closes.
            if (_stopping.IsCancellationRequested)
                continue;
            try
            {
                await ProcessAsync(delivery).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Only a bug gets here; the worker must live on, or its ordering keys would stall.
                _logger.LogError(ex, "Unexpected failure processing {MessageId} from {Queue}", delivery.Message.MessageId, _queue);
            }
        }
    }

    private async Task ProcessAsync(Delivery delivery)
    {
        if (delivery.Problem is not null)
        {
            await DeadLetterAsync(delivery, InvalidMessage, delivery.Problem, exception: null, attempts: 0).ConfigureAwait(false);
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            Exception? error = null;
            HandleOutcome outcome;
            try
            {
                outcome = await _handler(delivery.Message, attempt, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                return;
            }
            catch (UnprocessableMessageException ex)
            {
                await DeadLetterAsync(delivery, ex.GetType().FullName!, ex.Message, ex, attempt).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                (error, outcome) = (ex, HandleOutcome.Retry);
            }

            if (outcome == HandleOutcome.Handled)
            {
                await AckAsync(delivery).ConfigureAwait(false);
                MessagingMetrics.RecordHandled(_queue, delivery.Message.MessageType);
                return;
            }
            if (outcome == HandleOutcome.DeadLetter)
            {
                await DeadLetterAsync(delivery, HandlerRejected, "The handler reported the message as impossible to handle.", null, attempt)
                    .ConfigureAwait(false);
                return;
            }
            if (attempt > _options.MaxRetries)
            {
                await DeadLetterAsync(delivery, error?.GetType().FullName ?? RetriesExhausted,
                    error?.Message ?? $"The handler asked for a retry on all {attempt} attempts.", error, attempt).ConfigureAwait(false);
                return;
            }
            // Retried here rather than requeued: a requeued message would be overtaken by later ones with its key.
            MessagingMetrics.RecordRetried(_queue, delivery.Message.MessageType);
            var delay = Backoff.Delay(attempt, _options.InitialRetryDelay, _options.MaxRetryDelay);
            _logger.LogWarning(error, "Attempt {Attempt} at {MessageType} {MessageId} from {Queue} failed; retrying in {Delay}",
                attempt, delivery.Message.MessageType, delivery.Message.MessageId, _queue, delay);
            if (!await PauseAsync(delay).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>Waits; false when stopping, and the delivery is to be left unacknowledged.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    private async Task AckAsync(Delivery delivery)
    {
        try
        {
            await _channel!.BasicAckAsync(delivery.Tag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The channel died after the handler committed: the broker redelivers, the inbox dedupes by message id.
            // Expected for every in-flight delivery during an outage, which the channel shutdown already reported.
            _logger.Log(_channel is { IsOpen: false } ? LogLevel.Debug : LogLevel.Warning, ex,
                "Could not acknowledge {MessageId} from {Queue}; it will be redelivered", delivery.Message.MessageId, _queue);
        }
    }
}
