using Microsoft.Extensions.Logging;

namespace Messaging.Transport;

// Dead-lettering: store a copy with the reason in {queue}.dlx, then acknowledge the original.
public sealed partial class RabbitMqConsumer
{
    private const string InvalidMessage = "Messaging.Transport.InvalidMessage";
    private const string HandlerRejected = "Messaging.Transport.HandlerRejected";
    private const string RetriesExhausted = "Messaging.Transport.RetriesExhausted";

    private async Task DeadLetterAsync(Delivery delivery, string reasonType, string reason, Exception? exception, int attempts)
    {
        _logger.LogError(exception, "Dead-lettering {MessageType} {MessageId} from {Queue} after {Attempts} attempts: {Reason}",
            delivery.Message.MessageType, delivery.Message.MessageId, _queue, attempts, reason);
        for (var retry = 1; ; retry++)
        {
            try
            {
                await _deadLetters.WriteAsync(delivery, reasonType, reason, exception, attempts, _abort.Token).ConfigureAwait(false);
                // Counted once its copy is stored: a stop that gives up first leaves it to be redelivered, not lost.
                MessagingMetrics.RecordDeadLettered(_queue, delivery.Message.MessageType);
                await AckAsync(delivery).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested)
            {
                // Keep the original until its copy is stored, holding back its key: nothing is lost, and the
                // error says what to fix (e.g. a missing {queue}.dlx).
                var delay = Backoff.Delay(retry, _options.InitialRetryDelay, _options.MaxRetryDelay);
                _logger.LogError(ex, "Could not dead-letter {MessageId} from {Queue}; retrying in {Delay}", delivery.Message.MessageId, _queue, delay);
                if (!await PauseAsync(delay).ConfigureAwait(false))
                    return;
            }
            catch (Exception) when (_abort.IsCancellationRequested)
            {
                return;   // the stop gave up waiting: left unacknowledged, redelivered later
            }
        }
    }
}
