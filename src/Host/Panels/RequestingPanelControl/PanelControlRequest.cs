using Domain.Panels;
using EventStore;

namespace Host.Panels.RequestingPanelControl;

/// <summary>
/// In-process only (InvokeAsync from the endpoint): the operator's command with the If-Match the request carried.
/// It goes through the bus, not the plain executor, because the message to the ingest must commit with the event.
/// <paramref name="Metadata"/> is the request's (user, tenant, correlation and request id) for the events.
/// </summary>
public sealed record PanelControlRequest(RequestPanelControl Command, long? IfMatch, EventMetadata Metadata);
