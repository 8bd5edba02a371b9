namespace Messaging.Transport;

/// <summary>Settings of the RabbitMQ transport; checked by <see cref="Validate"/> when connecting.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>AMQP URI, e.g. <c>amqp://user:password@host:5672/vhost</c>.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Connection name shown in the management UI, to tell processes apart.</summary>
    public string ClientName { get; set; } = "messaging";

    /// <summary>Unacknowledged deliveries the broker sends each consumer ahead of time.</summary>
    public ushort Prefetch { get; set; } = 100;

    /// <summary>In-process workers per consumer; one ordering key always goes to the same worker.</summary>
    public int ConsumerConcurrency { get; set; } = 4;

    /// <summary>In-process retries after the first attempt before a message is dead-lettered.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles on each further retry (with jitter).</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of a single retry or reconnect delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a published batch may wait for the broker's confirms before it counts as failed.</summary>
    public TimeSpan PublishConfirmTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between automatic recovery attempts after the connection is lost.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long disposing a consumer waits for in-flight handlers before cancelling them.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new ArgumentException("RabbitMq:Uri must be an absolute amqp:// or amqps:// URI.", nameof(Uri));
        if (string.IsNullOrWhiteSpace(ClientName))
            throw new ArgumentException("RabbitMq:ClientName is required.", nameof(ClientName));
        if (Prefetch == 0)
            throw new ArgumentException("RabbitMq:Prefetch must be at least 1 (0 means unlimited).", nameof(Prefetch));
        if (ConsumerConcurrency < 1)
            throw new ArgumentException("RabbitMq:ConsumerConcurrency must be at least 1.", nameof(ConsumerConcurrency));
        if (MaxRetries < 0)
            throw new ArgumentException("RabbitMq:MaxRetries cannot be negative.", nameof(MaxRetries));
        if (InitialRetryDelay <= TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay)
            throw new ArgumentException("RabbitMq:InitialRetryDelay must be positive and at most MaxRetryDelay.", nameof(InitialRetryDelay));
        if (PublishConfirmTimeout <= TimeSpan.Zero || RecoveryInterval <= TimeSpan.Zero || StopTimeout < TimeSpan.Zero)
            throw new ArgumentException("RabbitMq timeouts and intervals must be positive.", nameof(PublishConfirmTimeout));
    }
}
