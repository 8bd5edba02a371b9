namespace Messaging.Transport;

/// <summary>AMQP header names the transport writes and reads.</summary>
public static class TransportHeaders
{
    /// <summary>Id of the message that caused this one.</summary>
    public const string CausationId = "causation-id";

    /// <summary>The acting user. A header, not the AMQP <c>user-id</c> property, which the broker checks against the login.</summary>
    public const string UserId = "user-id";

    /// <summary>The tenant.</summary>
    public const string Tenant = "tenant";

    /// <summary>Messages with the same key are handled in order by one consumer worker.</summary>
    public const string OrderingKey = "ordering-key";

    /// <summary>Dead letters: full name of the exception type (or the transport's reason code).</summary>
    public const string ExceptionType = "x-exception-type";

    /// <summary>Dead letters: the exception message or the reason.</summary>
    public const string ExceptionMessage = "x-exception-message";

    /// <summary>Dead letters: the exception with its stack trace, truncated to 4 096 characters.</summary>
    public const string ExceptionStack = "x-exception-stack";

    /// <summary>Dead letters: the queue the message was consumed from.</summary>
    public const string OriginalQueue = "x-original-queue";

    /// <summary>Dead letters: when it was dead-lettered (ISO 8601, UTC).</summary>
    public const string FailedAt = "x-failed-at";

    /// <summary>Dead letters: how many in-process attempts were made (0 when it was never handed to the handler).</summary>
    public const string Attempts = "x-attempts";

    /// <summary>
    /// True for names an application header may not use: the ones above and anything starting with <c>x-</c>
    /// (broker and client headers). Publishing such a header throws <see cref="ArgumentException"/>, so writers of
    /// stored messages (the outbox) should check it when the message is written.
    /// </summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("x-", StringComparison.Ordinal)
        || name is CausationId or UserId or Tenant or OrderingKey;
}
