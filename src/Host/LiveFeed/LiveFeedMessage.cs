namespace Host.LiveFeed;

/// <summary>
/// One item on the live feed, as JSON. <paramref name="Type"/> is the stored event type name (<c>alarm_raised</c>,
/// <c>panel_communication_lost</c>, …); <paramref name="Version"/>
/// is the stream's version after the event (the alarm's or panel's ETag), <paramref name="Position"/> its global
/// position, <paramref name="At"/> when it was committed, and <paramref name="Data"/> one of the records below.
/// </summary>
public sealed record LiveFeedMessage(string Type, string StreamId, long Version, long Position, DateTimeOffset At, object Data);

/// <summary>Sent to an idle subscriber every heartbeat interval (<c>{"type":"heartbeat","at":…}</c>): the feed is alive.</summary>
public sealed record LiveFeedHeartbeat(string Type, DateTimeOffset At);

/// <summary>The last item before the server ends a feed it had to drop (<c>{"type":"dropped","reason":…}</c>); on a WebSocket the close frame says it.</summary>
public sealed record LiveFeedDropped(string Type, string Reason);

/// <summary>A new alarm for the console's board. <paramref name="AcknowledgementDue"/> is when it escalates unless acknowledged.</summary>
public sealed record AlarmRaisedItem(string AlarmId, string SiteId, string PanelId, string Kind, string Priority, int? Partition, int? Zone,
    DateTimeOffset RaisedAt, DateTimeOffset AcknowledgementDue);

/// <summary>The open alarm's cause happened again.</summary>
public sealed record AlarmRepeatedItem(string AlarmId, string SiteId, DateTimeOffset RepeatedAt);

/// <summary>An operator took the alarm.</summary>
public sealed record AlarmAcknowledgedItem(string AlarmId, string SiteId, string OperatorId, DateTimeOffset AcknowledgedAt);

/// <summary>A response was sent to the site.</summary>
public sealed record AlarmDispatchedItem(string AlarmId, string SiteId, string OperatorId, string Target, string CalledParty, DateTimeOffset DispatchedAt);

/// <summary>Nobody acknowledged the alarm in time.</summary>
public sealed record AlarmEscalatedItem(string AlarmId, string SiteId, DateTimeOffset DueAt, DateTimeOffset EscalatedAt);

/// <summary>The alarm was closed with an outcome.</summary>
public sealed record AlarmResolvedItem(string AlarmId, string SiteId, string OperatorId, string Outcome, string Note, DateTimeOffset ResolvedAt);

/// <summary>The ingest's connection to a panel changed: <paramref name="Connection"/> is Connected, Lost or Restored.</summary>
public sealed record PanelConnectionItem(string PanelId, string SiteId, string Connection, string? Reason, DateTimeOffset At);

/// <summary>The panel's answer to a control request: <paramref name="Result"/> is Accepted, Refused or TimedOut.</summary>
public sealed record PanelControlItem(string PanelId, string SiteId, string RequestId, string Result, string? Reason, DateTimeOffset At);
