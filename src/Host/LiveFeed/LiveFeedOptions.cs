namespace Host.LiveFeed;

/// <summary>Settings of the live feed (configuration section <c>LiveFeed</c>), validated at start-up.</summary>
internal sealed class LiveFeedOptions
{
    /// <summary>How often the tail looks for commits when no notification woke it (notifications can be lost).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events read from the log per page.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Items a subscriber may have waiting; one more and it is disconnected as too slow.</summary>
    public int SubscriberBuffer { get; set; } = 256;

    /// <summary>An idle subscriber gets a heartbeat this often, so that it (and proxies) can tell a quiet feed from a dead one.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a disconnected subscriber's last send and close may take before the connection is aborted.</summary>
    public TimeSpan CloseGrace { get; set; } = TimeSpan.FromSeconds(5);

    public static LiveFeedOptions From(IConfiguration configuration)
    {
        var options = new LiveFeedOptions();
        configuration.GetSection("LiveFeed").Bind(options);
        if (options.PollInterval <= TimeSpan.Zero || options.HeartbeatInterval <= TimeSpan.Zero || options.CloseGrace <= TimeSpan.Zero)
            throw new InvalidOperationException("LiveFeed intervals must be positive.");
        if (options.BatchSize is < 1 or > 10_000) throw new InvalidOperationException("LiveFeed:BatchSize must be between 1 and 10000.");
        if (options.SubscriberBuffer is < 1 or > 100_000) throw new InvalidOperationException("LiveFeed:SubscriberBuffer must be between 1 and 100000.");
        return options;
    }
}
