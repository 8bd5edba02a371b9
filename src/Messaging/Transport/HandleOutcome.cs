namespace Messaging.Transport;

/// <summary>What a <see cref="MessageHandler"/> decided about a delivery.</summary>
public enum HandleOutcome
{
    /// <summary>Done and committed: the delivery is acknowledged.</summary>
    Handled,

    /// <summary>Transient failure: retried in-process with backoff, then dead-lettered.</summary>
    Retry,

    /// <summary>Can never succeed (undeserialisable, unknown type): dead-lettered at once.</summary>
    DeadLetter,
}

/// <summary>
/// Handles one delivery. It must commit its own work (and the inbox entry) before returning
/// <see cref="HandleOutcome.Handled"/>, because the delivery is acknowledged right after.
/// A thrown exception counts as <see cref="HandleOutcome.Retry"/>, except <see cref="UnprocessableMessageException"/>,
/// which dead-letters at once with its message as the reason.
/// </summary>
/// <param name="message">The decoded message.</param>
/// <param name="deliveryAttempt">1 for the first in-process attempt, then 2, 3... (restarts at 1 on a broker redelivery).</param>
/// <param name="ct">Cancelled only when a stop gives up waiting for in-flight handlers.</param>
public delegate Task<HandleOutcome> MessageHandler(TransportMessage message, int deliveryAttempt, CancellationToken ct);
