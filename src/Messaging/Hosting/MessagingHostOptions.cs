using Messaging.Transport;

namespace Messaging.Hosting;

/// <summary>What a deployable runs of messaging: the broker, whether it relays the outbox, which queues it consumes.</summary>
public sealed class MessagingHostOptions
{
    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>False where no broker is configured: the bus still writes the outbox, and a relay elsewhere (or later) publishes it.</summary>
    public bool UseBroker { get; set; } = true;

    /// <summary>Run an outbox relay in this process (any number of processes may; they share the work).</summary>
    public bool RunRelay { get; set; } = true;

    /// <summary>Confirm channels the relay publishes on in parallel (partitions share them; each partition stays in order).</summary>
    public int PublishChannels { get; set; } = 4;

    /// <summary>Queues to declare and consume: queue name → routing keys bound from the bus's exchange.</summary>
    public Dictionary<string, string[]> Queues { get; } = [];

    /// <summary>How often dead-letter queues are drained into the dead_letters table.</summary>
    public TimeSpan DeadLetterSweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long handled message ids stay in the inbox (longer than any redelivery can take).</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>What the messaging hosted service has reached, for readiness checks.</summary>
public sealed class MessagingStatus
{
    internal Transport.RabbitMqConnection? Connection { get; set; }

    /// <summary>The messaging tables exist.</summary>
    public bool Migrated { get; internal set; }

    /// <summary>Whether a broker is used at all (no broker configured: the outbox waits for a relay elsewhere).</summary>
    public bool UsesBroker { get; internal set; }

    /// <summary>Connected to the broker now (true when no broker is used).</summary>
    public bool BrokerReachable => !UsesBroker || Connection?.IsOpen == true;
}
