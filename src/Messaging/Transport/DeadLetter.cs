namespace Messaging.Transport;

/// <summary>A message in a dead-letter queue and why it is there.</summary>
/// <param name="Message">The original message (empty type / <see cref="Guid.Empty"/> id when those were what was wrong).</param>
/// <param name="ExceptionType">Exception type name or the transport's reason code (<c>Messaging.Transport.InvalidMessage</c>, ...).</param>
/// <param name="ExceptionMessage">The exception message or reason.</param>
/// <param name="ExceptionStack">The exception with its stack trace, if there was one.</param>
/// <param name="OriginalQueue">The queue it was consumed from.</param>
/// <param name="FailedAt">When it was dead-lettered.</param>
/// <param name="Attempts">In-process attempts made; null when the broker dead-lettered it (see <c>x-death</c>).</param>
public sealed record DeadLetter(
    TransportMessage Message,
    string? ExceptionType,
    string? ExceptionMessage,
    string? ExceptionStack,
    string? OriginalQueue,
    DateTimeOffset? FailedAt,
    int? Attempts);
