namespace Domain.Panels;

public enum PanelStatus
{
    NotRegistered = 0,
    Registered = 1,

    /// <summary>No longer monitored: its history stays, operators can no longer change or control it.</summary>
    Decommissioned = 2,
}

public enum PanelConnectionStatus
{
    NeverConnected = 0,
    Connected = 1,
    CommunicationLost = 2,
}

/// <summary>Unknown until the first arm or disarm panel event is recorded.</summary>
public enum PartitionArmState
{
    Unknown = 0,
    Disarmed = 1,
    Armed = 2,
}

/// <summary>A partition's name and what the recorded panel events say about it.</summary>
public sealed record PartitionStatus(string Name, PartitionArmState ArmState, bool InAlarm);

/// <summary>A zone's name, partition and what the recorded panel events say about it.</summary>
public sealed record ZoneStatus(string Name, int Partition, bool Violated, bool Tampered, bool Bypassed, bool AlarmMemory);

/// <summary>
/// A trouble the panel reported and has not yet restored, identified by its event code and source (AC loss of the
/// main board and of an expander are two troubles). <paramref name="Since"/> is panel time.
/// </summary>
public sealed record PanelTrouble(int EventCode, int? Source, string Description, DateTime Since);

/// <summary>
/// What was recorded at an event-log index. The panel's log is a ring: when it wraps, an index comes back with a
/// different record, which is a new panel event and not a repeat.
/// </summary>
public sealed record PanelEventFingerprint(DateTime PanelTime, int EventCode, bool Restore);

/// <summary>A control request and its result, if one came back.</summary>
public sealed record PanelControlRequest(
    string OperatorId,
    PanelControlAction Action,
    ArmMode? Mode,
    IReadOnlyList<int> Partitions,
    PanelControlResult? Result);
