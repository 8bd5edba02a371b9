namespace Domain.Panels;

/// <summary>The panel event types and their pinned stored names.</summary>
public static class PanelEventTypes
{
    public static IReadOnlyList<(Type Type, string StoredName)> All { get; } =
    [
        (typeof(PanelRegistered), "panel_registered"),
        (typeof(PanelConnectionSettingsChanged), "panel_connection_settings_changed"),
        (typeof(PanelConnected), "panel_connected"),
        (typeof(PanelCommunicationLost), "panel_communication_lost"),
        (typeof(PanelCommunicationRestored), "panel_communication_restored"),
        (typeof(PanelEventRecorded), "panel_event_recorded"),
        (typeof(PanelControlRequested), "panel_control_requested"),
        (typeof(PanelControlAccepted), "panel_control_accepted"),
        (typeof(PanelControlRefused), "panel_control_refused"),
        (typeof(PanelControlTimedOut), "panel_control_timed_out"),
        (typeof(PanelDecommissioned), "panel_decommissioned"),
        (typeof(PanelEventsLost), "panel_events_lost"),
    ];
}
