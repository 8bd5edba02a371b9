using System.Collections.Immutable;

namespace Domain.Panels;

/// <summary>A panel as folded from its stream: configuration, connection, partitions, zones, troubles, requests.</summary>
public sealed partial record PanelState(
    PanelStatus Status,
    string PanelId,
    string SiteId,
    PanelModel Model,
    string Host,
    int Port,
    string? IntegrationKeyRef,
    PanelConnectionStatus Connection,
    ImmutableDictionary<int, PartitionStatus> Partitions,
    ImmutableDictionary<int, ZoneStatus> Zones,
    ImmutableList<PanelTrouble> Troubles,
    ImmutableDictionary<string, PanelEventFingerprint> RecordedEvents,
    ImmutableDictionary<string, PanelControlRequest> ControlRequests)
{
    public static readonly PanelState Initial = new(
        PanelStatus.NotRegistered, "", "", PanelModel.Integra24, "", 0, null, PanelConnectionStatus.NeverConnected,
        ImmutableDictionary<int, PartitionStatus>.Empty, ImmutableDictionary<int, ZoneStatus>.Empty,
        ImmutableList<PanelTrouble>.Empty, ImmutableDictionary<string, PanelEventFingerprint>.Empty,
        ImmutableDictionary<string, PanelControlRequest>.Empty);

    /// <summary>Applies one event. Never throws: an event is a fact already stored.</summary>
    public static PanelState Evolve(PanelState state, PanelEvent @event) => @event switch
    {
        PanelRegistered e => state with
        {
            Status = PanelStatus.Registered,
            PanelId = e.PanelId,
            SiteId = e.SiteId,
            Model = e.Model,
            Host = e.Host,
            Port = e.Port,
            IntegrationKeyRef = e.IntegrationKeyRef,
            Partitions = e.Partitions.DistinctBy(p => p.Number)
                .ToImmutableDictionary(p => p.Number, p => new PartitionStatus(p.Name, PartitionArmState.Unknown, false)),
            Zones = e.Zones.DistinctBy(z => z.Number)
                .ToImmutableDictionary(z => z.Number, z => new ZoneStatus(z.Name, z.Partition, false, false, false, false)),
        },
        PanelDecommissioned => state with { Status = PanelStatus.Decommissioned },
        PanelConnectionSettingsChanged e => state with { Host = e.Host, Port = e.Port, IntegrationKeyRef = e.IntegrationKeyRef },
        PanelConnected or PanelCommunicationRestored => state with { Connection = PanelConnectionStatus.Connected },
        PanelCommunicationLost => state with { Connection = PanelConnectionStatus.CommunicationLost },
        PanelEventRecorded e => Fold(state, e),
        PanelControlRequested e => state with
        {
            ControlRequests = state.ControlRequests.SetItem(
                e.RequestId, new PanelControlRequest(e.OperatorId, e.Action, e.Mode, e.Partitions, null)),
        },
        PanelControlAccepted e => WithResult(state, e.RequestId, PanelControlResult.Accepted),
        PanelControlRefused e => WithResult(state, e.RequestId, PanelControlResult.Refused),
        PanelControlTimedOut e => WithResult(state, e.RequestId, PanelControlResult.TimedOut),
        _ => state,
    };

    private static PanelState WithResult(PanelState state, string requestId, PanelControlResult result) =>
        state.ControlRequests.TryGetValue(requestId, out var request)
            ? state with { ControlRequests = state.ControlRequests.SetItem(requestId, request with { Result = result }) }
            : state;
}
