using Contracts;

namespace PanelIngest.Control;

/// <summary>A control request waiting in <c>ingest_control_requests</c> for the panel's owner to carry it out.</summary>
public sealed record PendingControl(string RequestId, ExecutePanelControl Request);

/// <summary>
/// Answers a control request: removes it from <c>ingest_control_requests</c> and sends the
/// <see cref="PanelControlCompleted"/>, in one transaction. If the request is no longer there (already answered,
/// or expired), nothing is sent: each request gets exactly one answer.
/// </summary>
public sealed record CompletePanelControl(PanelControlCompleted Completion);

/// <summary>Answers TimedOut every control request older than <paramref name="OlderThan"/>: no owner carried it out in time.</summary>
public sealed record ExpireControlRequests(TimeSpan OlderThan, DateTimeOffset At);
