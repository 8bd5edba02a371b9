using Domain.Alarms;
using Domain.Panels;

namespace Host.Alarms.RaisingAlarms;

/// <summary>
/// Which recorded panel facts raise alarms, and the trigger id that identifies each fact. Pure: the handlers that
/// record panel facts ask it, and <see cref="AlarmRaiser"/> carries out the answer.
/// </summary>
public static class AlarmPolicy
{
    /// <summary>
    /// The panel event's identity: panel, event-log index, and the record's time, code and restore bit (the same
    /// index with another record means the log wrapped). It is the alarm's trigger id and the event's idempotency key.
    /// </summary>
    public static string PanelEventIdentity(string panelId, string eventLogIndex, DateTime panelTime, int eventCode, bool restore) =>
        FormattableString.Invariant($"{panelId}/log:{eventLogIndex}@{panelTime:yyyyMMddTHHmmss}/{eventCode}{(restore ? "r" : "")}");

    /// <summary>A communication loss is identified by the panel stream's version that recorded it.</summary>
    public static string CommunicationLossIdentity(string panelId, long panelVersion) =>
        FormattableString.Invariant($"{panelId}/comm-lost@v{panelVersion}");

    /// <summary>The alarm a recorded panel event asks for, without its alarm id (the raiser finds or makes it); null when it raises none.</summary>
    public static RaiseAlarm? ForPanelEvent(PanelEventRecorded e, string siteId, DateTimeOffset now, AlarmPolicyOptions options)
    {
        if (AlarmKinds.For(e.Kind, e.Restore) is not { } kind) return null;
        var priority = AlarmPriorities.For(kind);
        return new RaiseAlarm("", siteId, e.PanelId, kind, e.Partition, e.Zone,
            PanelEventIdentity(e.PanelId, e.EventLogIndex, e.PanelTime, e.EventCode, e.Restore), priority, now, options.DeadlineFor(priority));
    }

    /// <summary>The alarm a communication loss raises: one per loss, repeated while it stays open.</summary>
    public static RaiseAlarm ForCommunicationLoss(string panelId, string siteId, long panelVersion, DateTimeOffset now, AlarmPolicyOptions options)
    {
        var priority = AlarmPriorities.For(AlarmKind.CommunicationLoss);
        return new RaiseAlarm("", siteId, panelId, AlarmKind.CommunicationLoss, null, null,
            CommunicationLossIdentity(panelId, panelVersion), priority, now, options.DeadlineFor(priority));
    }
}
