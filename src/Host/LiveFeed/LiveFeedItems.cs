using Domain.Alarms;
using Domain.Panels;
using EventStore;

namespace Host.LiveFeed;

/// <summary>Which committed events the feed pushes, and what a console is told about each. Pure.</summary>
internal static class LiveFeedItems
{
    /// <summary>The stored type names pushed to subscribers.</summary>
    public static IReadOnlyList<string> PushedTypes { get; } =
    [
        "alarm_raised", "alarm_repeated", "alarm_acknowledged", "alarm_dispatched", "alarm_escalated", "alarm_resolved",
        "panel_connected", "panel_communication_lost", "panel_communication_restored",
        "panel_control_accepted", "panel_control_refused", "panel_control_timed_out",
    ];

    /// <summary>
    /// The stored type names the tail reads: the pushed ones, plus the registrations that tie a panel to its site
    /// and a site to its tenant (read only to learn them, never pushed).
    /// </summary>
    public static IReadOnlyList<string> TailedTypes { get; } = [.. PushedTypes, "site_registered", "panel_registered"];

    /// <summary>The item for <paramref name="data"/>, at a site already resolved; null when the event is not pushed.</summary>
    public static LiveFeedMessage? Describe(StoredEvent stored, object data, string siteId)
    {
        object? item = data switch
        {
            AlarmRaised e => new AlarmRaisedItem(e.AlarmId, siteId, e.PanelId, e.Kind.ToString(), e.Priority.ToString(), e.Partition, e.Zone,
                e.RaisedAt, e.RaisedAt + (e.AcknowledgeWithin ?? AlarmDeadlines.For(e.Priority))),
            AlarmRepeated e => new AlarmRepeatedItem(e.AlarmId, siteId, e.RepeatedAt),
            AlarmAcknowledged e => new AlarmAcknowledgedItem(e.AlarmId, siteId, e.OperatorId, e.AcknowledgedAt),
            AlarmDispatched e => new AlarmDispatchedItem(e.AlarmId, siteId, e.OperatorId, e.Target.ToString(), e.CalledParty, e.DispatchedAt),
            AlarmEscalated e => new AlarmEscalatedItem(e.AlarmId, siteId, e.DueAt, e.EscalatedAt),
            AlarmResolved e => new AlarmResolvedItem(e.AlarmId, siteId, e.OperatorId, e.Outcome.ToString(), e.Note, e.ResolvedAt),
            PanelConnected e => new PanelConnectionItem(e.PanelId, siteId, "Connected", null, e.ConnectedAt),
            PanelCommunicationLost e => new PanelConnectionItem(e.PanelId, siteId, "Lost", e.Reason, e.LostAt),
            PanelCommunicationRestored e => new PanelConnectionItem(e.PanelId, siteId, "Restored", null, e.RestoredAt),
            PanelControlAccepted e => new PanelControlItem(e.PanelId, siteId, e.RequestId, "Accepted", null, e.AcceptedAt),
            PanelControlRefused e => new PanelControlItem(e.PanelId, siteId, e.RequestId, "Refused", e.Reason, e.RefusedAt),
            PanelControlTimedOut e => new PanelControlItem(e.PanelId, siteId, e.RequestId, "TimedOut", null, e.TimedOutAt),
            _ => null,
        };
        return item is null ? null : new LiveFeedMessage(stored.EventType, stored.StreamId, stored.StreamVersion, stored.Position, stored.Timestamp, item);
    }
}
