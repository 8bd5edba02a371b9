namespace EventStore;

/// <summary>An event as read back from the store.</summary>
/// <param name="Position">Global position (from a sequence: unique and increasing per append, with holes).</param>
/// <param name="StreamId">The stream it belongs to.</param>
/// <param name="StreamVersion">Its version within the stream, 1-based and gap-free.</param>
/// <param name="EventId">UUID v7.</param>
/// <param name="EventType">The pinned type name it is stored under (an old name if it was upcast on read).</param>
/// <param name="Data">The deserialised (and, where needed, upcast) event; null when the reader asked for raw JSON only.</param>
/// <param name="Json">The stored JSON.</param>
/// <param name="Metadata">Correlation, causation, user, tenant, headers.</param>
/// <param name="Timestamp">When it was appended (the appending process's clock).</param>
/// <param name="TransactionId">The PostgreSQL transaction that wrote it; the daemon orders by (transaction, position).</param>
public sealed record StoredEvent(
    long Position,
    string StreamId,
    long StreamVersion,
    Guid EventId,
    string EventType,
    object? Data,
    string Json,
    EventMetadata Metadata,
    DateTimeOffset Timestamp,
    ulong TransactionId);
