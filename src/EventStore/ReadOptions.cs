namespace EventStore;

/// <summary>How reads treat archived streams and unknown event types.</summary>
/// <param name="IncludeArchived">Include events of archived streams.</param>
/// <param name="SkipUnknownTypes">Leave out events whose type is not registered instead of throwing <see cref="UnknownEventTypeException"/>.</param>
/// <param name="Deserialize">False to return raw JSON only (<see cref="StoredEvent.Data"/> null).</param>
/// <param name="UnknownTypesAsRaw">Return events of unknown types with null data instead of throwing (projections use this).</param>
public sealed record ReadOptions(bool IncludeArchived = false, bool SkipUnknownTypes = false, bool Deserialize = true, bool UnknownTypesAsRaw = false)
{
    public static ReadOptions Default { get; } = new();
}

/// <summary>What the store knows about a stream.</summary>
public sealed record StreamInfo(string StreamId, string StreamType, long Version, string? Tenant, DateTimeOffset CreatedAt, bool Archived, bool Tombstoned);

/// <summary>A state folded from a stream, and the version it reflects.</summary>
public sealed record Aggregate<TState>(TState State, long Version);
