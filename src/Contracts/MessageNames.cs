namespace Contracts;

/// <summary>
/// The pinned names of the messages (the broker's type property and routing key). Like event names they never
/// change once shipped; queues bind to them.
/// </summary>
public static class MessageNames
{
    public const string PanelEventRead = "panel_event_read";
    public const string PanelConnectionChanged = "panel_connection_changed";
    public const string ExecutePanelControl = "execute_panel_control";
    public const string PanelControlCompleted = "panel_control_completed";
    public const string PanelLogGapDetected = "panel_log_gap_detected";

    /// <summary>Every message type with its pinned name.</summary>
    public static IReadOnlyList<(Type Type, string Name)> All { get; } =
    [
        (typeof(PanelEventRead), PanelEventRead),
        (typeof(PanelConnectionChanged), PanelConnectionChanged),
        (typeof(ExecutePanelControl), ExecutePanelControl),
        (typeof(PanelControlCompleted), PanelControlCompleted),
        (typeof(PanelLogGapDetected), PanelLogGapDetected),
    ];

    /// <summary>What the Host consumes from PanelIngest.</summary>
    public static IReadOnlyList<string> FromIngest { get; } = [PanelEventRead, PanelConnectionChanged, PanelControlCompleted, PanelLogGapDetected];

    /// <summary>What PanelIngest consumes from the Host.</summary>
    public static IReadOnlyList<string> ToIngest { get; } = [ExecutePanelControl];

    /// <summary>
    /// The ordering key of everything about one panel: the relay publishes a panel's messages in commit order and
    /// the consumer's keyed lanes handle them one at a time, in that order.
    /// </summary>
    public static string PanelKey(string panelId) => panelId;
}
