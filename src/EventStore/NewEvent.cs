namespace EventStore;

/// <summary>An event to append: its data (a registered event type), metadata and an optional idempotency key.</summary>
/// <param name="Data">The event object. Its CLR type must be registered in the <see cref="EventTypeRegistry"/>.</param>
/// <param name="Metadata">Correlation, causation, user, tenant and free headers.</param>
/// <param name="IdempotencyKey">
/// A key unique across the store (e.g. <c>panel:17/log:123456</c>). Appending an event whose key is already stored
/// is a no-op that reports the original position: panels and brokers redeliver.
/// </param>
/// <param name="EventId">The event's id; a new UUID v7 when omitted.</param>
public sealed record NewEvent(object Data, EventMetadata? Metadata = null, string? IdempotencyKey = null, Guid? EventId = null);

/// <summary>Events for one stream in a (possibly multi-stream) append.</summary>
/// <param name="StreamId">The stream id: 1 to <see cref="EventStoreOptions.MaxStreamIdLength"/> characters.</param>
/// <param name="StreamType">The stream's type, recorded when the stream is created (e.g. <c>alarm</c>).</param>
/// <param name="Expected">The version the stream must be at.</param>
/// <param name="Events">One or more events.</param>
public sealed record StreamAppend(string StreamId, string StreamType, ExpectedVersion Expected, IReadOnlyList<NewEvent> Events);
