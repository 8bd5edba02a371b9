namespace Messaging.DeadLetters;

/// <summary>A dead letter kept in PostgreSQL: listable, and replayable to its queue after a fix.</summary>
public sealed record StoredDeadLetter(
    long Id,
    string Queue,
    Guid MessageId,
    string? MessageType,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Headers,
    string? ExceptionType,
    string? ExceptionMessage,
    DateTimeOffset FailedAt,
    DateTimeOffset? ReplayedAt);
