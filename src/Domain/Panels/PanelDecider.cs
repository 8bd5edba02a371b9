namespace Domain.Panels;

/// <summary>Decides what a panel command means for a panel: pure, no clock, no I/O.</summary>
public static partial class PanelDecider
{
    public static IReadOnlyList<PanelEvent> Decide(PanelCommand command, PanelState state) => (command, state) switch
    {
        (RegisterPanel c, { Status: PanelStatus.NotRegistered }) => Register(c),
        (RegisterPanel c, { Status: PanelStatus.Registered }) => IsSameRegistration(c, state)
            ? []
            : throw new DomainException(
                $"Panel {c.PanelId} is already registered with other settings; change its connection settings instead."),
        (RegisterPanel c, { Status: PanelStatus.Decommissioned }) =>
            throw new DomainException($"Panel {c.PanelId} is decommissioned; register the replacement as a new panel."),
        (_, { Status: PanelStatus.NotRegistered }) => throw new DomainException($"Panel {command.PanelId} is not registered."),
        (DecommissionPanel, { Status: PanelStatus.Decommissioned }) => [],
        (DecommissionPanel c, _) => string.IsNullOrWhiteSpace(c.Reason)
            ? throw new DomainException("Say why the panel is decommissioned.")
            : [new PanelDecommissioned(c.PanelId, c.Reason, c.Now)],
        (ChangePanelConnectionSettings or RequestPanelControl, { Status: PanelStatus.Decommissioned }) =>
            throw new DomainException($"Panel {command.PanelId} is decommissioned."),
        (ChangePanelConnectionSettings c, _) => ChangeConnectionSettings(c, state),
        (RecordPanelConnection c, { Connection: PanelConnectionStatus.NeverConnected }) => [new PanelConnected(c.PanelId, c.Now)],
        (RecordPanelConnection c, { Connection: PanelConnectionStatus.CommunicationLost }) =>
            [new PanelCommunicationRestored(c.PanelId, c.Now)],
        (RecordPanelConnection, { Connection: PanelConnectionStatus.Connected }) => [],
        (RecordPanelCommunicationLoss, { Connection: PanelConnectionStatus.CommunicationLost }) => [],
        (RecordPanelCommunicationLoss c, _) => string.IsNullOrWhiteSpace(c.Reason)
            ? throw new DomainException("A communication loss must say what failed.")
            : [new PanelCommunicationLost(c.PanelId, c.Reason, c.Now)],
        (RecordPanelEvent c, _) => RecordEvent(c, state),
        (RecordPanelEventsLost c, _) => string.IsNullOrWhiteSpace(c.AfterIndex)
            ? throw new DomainException("Say after which event-log index the events were lost.")
            : [new PanelEventsLost(c.PanelId, c.AfterIndex, c.Now)],
        (RequestPanelControl c, _) => RequestControl(c, state),
        (RecordPanelControlResult c, _) => RecordControlResult(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown panel command or state."),
    };

    private static IReadOnlyList<PanelEvent> ChangeConnectionSettings(ChangePanelConnectionSettings c, PanelState state)
    {
        ValidateConnection(c.Host, c.Port, c.IntegrationKeyRef);
        return c.Host == state.Host && c.Port == state.Port && c.IntegrationKeyRef == state.IntegrationKeyRef
            ? []
            : [new PanelConnectionSettingsChanged(c.PanelId, c.Host, c.Port, c.IntegrationKeyRef, c.Now)];
    }

    /// <summary>
    /// The same panel event is the same record at the same event-log index. The same index with another record
    /// means the panel's log wrapped round, so it is a new panel event.
    /// </summary>
    private static IReadOnlyList<PanelEvent> RecordEvent(RecordPanelEvent c, PanelState state)
    {
        if (string.IsNullOrWhiteSpace(c.EventLogIndex))
            throw new DomainException("A panel event must carry its event-log index.");
        if (c.EventCode is < 0 or > 1023)
            throw new DomainException($"{c.EventCode} is not an INTEGRA event code (0–1023).");
        var fingerprint = new PanelEventFingerprint(c.PanelTime, c.EventCode, c.Restore);
        if (state.RecordedEvents.TryGetValue(c.EventLogIndex, out var recorded) && recorded == fingerprint)
            return [];
        return
        [
            new PanelEventRecorded(
                c.PanelId, c.EventLogIndex, c.PanelTime, c.EventCode, c.Restore, c.Class, c.Kind,
                c.Partition, c.Zone, c.User, c.Source, c.Description, c.Now),
        ];
    }

    private static void ValidateConnection(string host, int port, string? integrationKeyRef)
    {
        if (string.IsNullOrWhiteSpace(host))
            throw new DomainException("The ETHM-1 module needs a host name or address.");
        if (port is < 1 or > 65535)
            throw new DomainException($"{port} is not a TCP port; the ETHM-1 integration port is usually 7094.");
        if (integrationKeyRef is not null && string.IsNullOrWhiteSpace(integrationKeyRef))
            throw new DomainException("An integration key reference cannot be blank; leave it out for an unencrypted module.");
    }
}
