namespace Messaging.Outbox;

/// <summary>Settings shared by outbox writers and relays of one schema.</summary>
public sealed class OutboxOptions
{
    /// <summary>The event store's schema, which holds the outbox.</summary>
    public string Schema { get; set; } = "eventstore";

    /// <summary>
    /// Ordering keys hash into this many partitions; each partition is published by one relay at a time, in order.
    /// Change it only while the outbox is empty: a key's partition must not move while it has pending rows.
    /// </summary>
    public int Partitions { get; set; } = 16;

    /// <summary>Rows published (and confirmed, and deleted) per round.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often an idle partition looks for new rows without a notification.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Relay heartbeat; a relay silent for three of these is taken as gone and its share is redistributed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff after a failed publish: doubled each time with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public string NotificationChannel => $"outbox_{Schema}";

    internal int PartitionOf(string? orderingKey, Guid messageId)
    {
        var key = orderingKey ?? messageId.ToString("N");
        uint hash = 2166136261;
        foreach (var c in key) hash = (hash ^ c) * 16777619;
        return (int)(hash % (uint)Partitions);
    }

    internal void Validate()
    {
        if (Partitions is < 1 or > 1024) throw new ArgumentException("Partitions must be between 1 and 1024.");
        if (BatchSize is < 1 or > 10_000) throw new ArgumentException("BatchSize must be between 1 and 10000.");
    }
}
