namespace Messaging.Transport;

/// <summary>
/// Thrown by a <see cref="MessageHandler"/> for a message that can never be handled (bad payload, unknown type):
/// the consumer dead-letters it at once, without retrying, recording this exception as the reason.
/// </summary>
public sealed class UnprocessableMessageException : Exception
{
    /// <summary>Creates the exception with the reason the message cannot be handled.</summary>
    public UnprocessableMessageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
