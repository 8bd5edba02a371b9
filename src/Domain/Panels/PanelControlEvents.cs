namespace Domain.Panels;

/// <summary>
/// An operator asked the panel to act on partitions. <paramref name="RequestId"/> identifies the request end to end:
/// the message to the ingest, and the result that comes back. <paramref name="Mode"/> is set only for arming.
/// </summary>
public sealed record PanelControlRequested(
    string PanelId,
    string RequestId,
    string OperatorId,
    PanelControlAction Action,
    ArmMode? Mode,
    IReadOnlyList<int> Partitions,
    DateTimeOffset RequestedAt) : PanelEvent(PanelId)
{
    public bool Equals(PanelControlRequested? other) =>
        other is not null && base.Equals(other) && RequestId == other.RequestId && OperatorId == other.OperatorId
        && Action == other.Action && Mode == other.Mode && ListEquality.Equal(Partitions, other.Partitions)
        && RequestedAt == other.RequestedAt;

    public override int GetHashCode() => HashCode.Combine(
        base.GetHashCode(), RequestId, OperatorId, Action, Mode, ListEquality.Hash(Partitions), RequestedAt);
}

/// <summary>
/// The module accepted the request. Whether the partitions really changed is learned from the panel events that
/// follow, not assumed from this.
/// </summary>
public sealed record PanelControlAccepted(string PanelId, string RequestId, DateTimeOffset AcceptedAt) : PanelEvent(PanelId);

/// <summary>The panel refused the request, for the reason it gave (for example "can not arm").</summary>
public sealed record PanelControlRefused(string PanelId, string RequestId, string Reason, DateTimeOffset RefusedAt)
    : PanelEvent(PanelId);

/// <summary>No answer to the request came from the panel in time.</summary>
public sealed record PanelControlTimedOut(string PanelId, string RequestId, DateTimeOffset TimedOutAt) : PanelEvent(PanelId);
