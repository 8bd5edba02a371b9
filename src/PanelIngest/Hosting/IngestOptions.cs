namespace PanelIngest.Hosting;

/// <summary>
/// Settings of one ingest instance (configuration section <c>Ingest</c>, plus <c>EventStore:Schema</c>). Validated at
/// start-up. The defaults suit real ETHM-1 modules (PROTOCOL.md §5); tests shorten the delays.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>The event store's schema: the outbox, the <c>panel_directory</c> view and the ingest's own tables live there.</summary>
    public string Schema { get; set; } = "eventstore";

    /// <summary>This instance's name in leases and heartbeats; unique per process by default.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How often the <c>panel_directory</c> view is read to learn panels added, changed or decommissioned.</summary>
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often owned leases are renewed and the node heartbeat written.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A lease not renewed for this long may be taken by another instance: the takeover time after a crash.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An instance whose heartbeat is older than this no longer counts as live when sharing panels.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many panels above its fair share (ceil(panels / live instances)) an instance may hold.</summary>
    public int BalanceSlack { get; set; } = 2;

    /// <summary>Poll interval (0x7F and the newest event-log record): well inside the module's 25 s idle limit.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for the module's answer to one request (the manual suggests about 3 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>TCP connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to listen after connecting: a module whose slot is taken talks first ("Busy!"); a free one is silent.</summary>
    public TimeSpan BusyProbe { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Fixed pause before reconnecting (PROTOCOL.md §5.6: at least 10–15 s, so as not to ping-pong with another client).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Random extra pause on top of <see cref="ReconnectDelay"/>, so thousands of panels do not reconnect in step.</summary>
    public TimeSpan ReconnectJitter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Without contact for this long, the panel is reported disconnected (once).</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The furthest a poll walks back from the newest record looking for the last one ingested; not found within it
    /// (or the log ends first) means the log wrapped past our position: a gap is reported.
    /// </summary>
    public int MaxLogWalk { get; set; } = 4096;

    /// <summary>Records read on first contact with a panel that has no stored position (0: start from the newest).</summary>
    public int InitialBacklog { get; set; } = 1024;

    /// <summary>Records per ingest transaction (messages plus the position, in one commit).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How often control requests for owned panels are picked up.</summary>
    public TimeSpan ControlPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A control request not carried out within this time is answered TimedOut.</summary>
    public TimeSpan ControlExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The 32-byte key that encrypts panel secrets at rest (from <c>Ingest:MasterKey</c> or its <c>_FILE</c>); null: no secrets.</summary>
    public byte[]? MasterKey { get; internal set; } // not bound from configuration as is: read (and decoded) by ConfigurationValues

    /// <summary>Throws if a setting cannot work.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Schema); // the store validates the name itself at start-up
        ArgumentException.ThrowIfNullOrWhiteSpace(NodeId);
        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseDuration < 2 * LeaseRenewInterval)
            throw new ArgumentException("Ingest:LeaseDuration must be at least twice Ingest:LeaseRenewInterval.");
        if (PollInterval <= TimeSpan.Zero || PollInterval >= TimeSpan.FromSeconds(20))
            throw new ArgumentException("Ingest:PollInterval must be positive and well inside the module's 25 s idle limit.");
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || ReconnectDelay < TimeSpan.Zero || ReconnectJitter < TimeSpan.Zero)
            throw new ArgumentException("Ingest timeouts and delays must be positive.");
        if (MaxLogWalk < 1 || InitialBacklog < 0 || BatchSize < 1 || BalanceSlack < 0)
            throw new ArgumentException("Ingest:MaxLogWalk and Ingest:BatchSize must be positive; InitialBacklog and BalanceSlack not negative.");
        if (MasterKey is { Length: not 32 })
            throw new ArgumentException("Ingest:MasterKey must be 32 bytes (base64).");
    }
}
