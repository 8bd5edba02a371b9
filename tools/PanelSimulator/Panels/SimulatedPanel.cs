using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// One simulated INTEGRA panel: its partitions, zones, outputs and troubles, its users and codes, and its event log.
/// Methods named for the physical world (<see cref="ViolateZone"/>, <see cref="AcLoss"/>, <see cref="Arm(int, int, int, bool)"/>…) change
/// the state and log events with the manual's event codes, the same way control commands from a client do.
/// </summary>
/// <remarks>
/// Thread-safe: one lock per panel guards state and log, because scenarios, tests and the client connection act on
/// the same panel. <see cref="EventGenerated"/> is raised under that lock so that handlers see events in log order;
/// handlers must be quick and must not wait for other threads.
/// </remarks>
public sealed partial class SimulatedPanel
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly PanelEventLog log;
    private readonly ZoneDefinition?[] zones = new ZoneDefinition?[257];
    private readonly PartitionDefinition?[] partitions = new PartitionDefinition?[33];

    // One change counter per state command (0x00..0x31): the module's "new data" flags and automatic mode compare
    // them with what a client last read or was sent.
    private readonly long[] versions = new long[StateCommands.Last + 1];
    private TimeSpan clockAdjustment;

    /// <param name="definition">What the panel is; validated here.</param>
    /// <param name="time">The simulator's clock; the system clock by default.</param>
    public SimulatedPanel(PanelDefinition definition, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        Definition = definition;
        this.time = time ?? TimeProvider.System;
        log = new PanelEventLog(definition.LogCapacity, StableHash(definition.Id));
        foreach (var zone in definition.Zones)
            zones[zone.Number] = zone;
        foreach (var partition in definition.Partitions)
            partitions[partition.Number] = partition;
    }

    /// <summary>What the panel was built from.</summary>
    public PanelDefinition Definition { get; }

    /// <summary>The panel id (<see cref="PanelDefinition.Id"/>).</summary>
    public string Id => Definition.Id;

    /// <summary>Faults injected into this panel's module and clock; change them at any time.</summary>
    public FaultSettings Faults { get; } = new();

    /// <summary>Raised for every event the panel logs, with its ground truth, in log order.</summary>
    public event Action<GroundTruthEvent>? EventGenerated;

    /// <summary>Raised after any state change, for the module to flag or push new data.</summary>
    internal event Action? StateChanged;

    /// <summary>Raised for every record logged, for modules that push 0x8C frames.</summary>
    internal event Action<LoggedEvent>? RecordLogged;

    /// <summary>The records the log holds now, oldest first, with their indices.</summary>
    public IReadOnlyList<LoggedEvent> Log
    {
        get
        {
            lock (gate)
                return log.Snapshot();
        }
    }

    /// <summary>How many events the panel ever logged (including those the ring overwrote).</summary>
    public long EventsGenerated
    {
        get
        {
            lock (gate)
                return log.Written;
        }
    }

    /// <summary>The panel's local clock: UTC + <see cref="PanelDefinition.ClockOffset"/> + clock skew + any 0x8E setting.</summary>
    public DateTime PanelNow
    {
        get
        {
            lock (gate)
                return Clock();
        }
    }

    /// <summary>The 0x8C answer for <paramref name="called"/>.</summary>
    public EventRecordAnswer ReadEvent(EventLogIndex called)
    {
        lock (gate)
            return log.Read(called);
    }

    /// <summary>The index an unsolicited 0x8C frame carries as "called" for <paramref name="logged"/>.</summary>
    internal EventLogIndex IndexAfter(LoggedEvent logged)
    {
        lock (gate)
            return log.IndexAfter(logged);
    }

    /// <summary>How often the data of <paramref name="command"/> changed.</summary>
    internal long VersionOf(StateCommand command)
    {
        lock (gate)
            return versions[(int)command];
    }

    private DateTime Clock() => DateTime.SpecifyKind(
        (time.GetUtcNow() + Definition.ClockOffset + clockAdjustment + Faults.ClockSkew).DateTime, DateTimeKind.Unspecified);

    // Called under the lock after every mutation: bumps the counters of the commands whose data changed.
    private void Touch(params ReadOnlySpan<StateCommand> commands)
    {
        foreach (var command in commands)
            versions[(int)command]++;
        StateChanged?.Invoke();
    }

    // Called under the lock: appends a record stamped with the panel clock and reports its ground truth.
    private void Record(
        int code, bool restore, PanelEventClass eventClass, int partition = 0, int? zone = null, int? user = null,
        int source = 0)
    {
        var now = Clock();
        if (zone is { } z)
            source = z > 128 ? z - 128 : z;
        var record = new EventRecord(
            YearMarker: now.Year % 4, NotEmpty: true, Present: true,
            Station1: MonitoringStatus.NotMonitored, Station2: MonitoringStatus.NotMonitored,
            Class: eventClass, Day: now.Day, Month: now.Month, MinuteOfDay: now.Hour * 60 + now.Minute,
            PartitionField: partition > 0 ? partition - 1 : 0, Restore: restore, Code: code,
            Source: user ?? source, ObjectNumber: 0,
            // On INTEGRA 256 Plus uuuuu = 1 moves a zone of the record up by 128 (manual, 0x8C).
            UserControlNumber: zone > 128 ? 1 : 0);
        var logged = log.Append(record);
        RecordLogged?.Invoke(logged);
        EventGenerated?.Invoke(GroundTruthEvent.Of(
            Definition, logged, now, partition > 0 ? partition : null, zone, user, time.GetUtcNow()));
    }

    // FNV-1a: string.GetHashCode differs per process, and a panel's indices should not.
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }
}
