using System.Text.Json;

namespace EventStore;

/// <summary>Settings of a <see cref="PostgresEventStore"/>, validated when the store is created.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The PostgreSQL schema holding the store's tables. Letters, digits and underscores only.</summary>
    public string Schema { get; set; } = "eventstore";

    /// <summary>Stored names of event types and their upcasters.</summary>
    public EventTypeRegistry Types { get; set; } = new();

    /// <summary>How event data is written and read. Add a source-generated context through its TypeInfoResolver.</summary>
    public JsonSerializerOptions Json { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>Largest accepted serialised event (data plus headers), in bytes.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest accepted stream id.</summary>
    public int MaxStreamIdLength { get; set; } = 200;

    /// <summary>Appends of at least this many events use binary COPY instead of one INSERT statement.</summary>
    public int CopyThreshold { get; set; } = 64;

    /// <summary>
    /// Whether small one-stream appends (fewer than <see cref="CopyThreshold"/> events, outside a session) that
    /// arrive while others are being written are combined into one round trip and one commit. Each keeps its own
    /// expected version, result and errors; only the commit is shared. Off: every append commits alone.
    /// </summary>
    public bool CombineConcurrentAppends { get; set; } = true;

    /// <summary>
    /// How many combined batches may be in flight at once (each on its own connection). One measured best: the
    /// appends that wait behind it form the next batch (docs/benchmarks.md).
    /// </summary>
    public int CombinedAppendTransactions { get; set; } = 1;

    /// <summary>The most appends one combined batch carries.</summary>
    public int MaxCombinedAppends { get; set; } = 100;

    /// <summary>The appending process's clock for event timestamps.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Projections applied inside every append's transaction.</summary>
    public List<Projections.Projection> InlineProjections { get; } = [];

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Schema) || Schema.Length > 50 || !Schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(Schema[0]))
            throw new ArgumentException($"Schema name '{Schema}' must be 1-50 letters, digits or underscores, not starting with a digit.");
        if (MaxEventBytes < 256) throw new ArgumentException("MaxEventBytes must be at least 256.");
        if (MaxStreamIdLength is < 1 or > 1000) throw new ArgumentException("MaxStreamIdLength must be between 1 and 1000.");
        if (CopyThreshold < 2) throw new ArgumentException("CopyThreshold must be at least 2.");
        if (CombinedAppendTransactions is < 1 or > 64) throw new ArgumentException("CombinedAppendTransactions must be between 1 and 64.");
        if (MaxCombinedAppends is < 1 or > 10_000) throw new ArgumentException("MaxCombinedAppends must be between 1 and 10,000.");
    }
}
