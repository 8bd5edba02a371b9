using Domain.Panels;

namespace Domain.Tests.Panels;

internal static class PanelExamples
{
    public const string PanelId = "panel-1";
    public const string SiteId = "site-1";
    public const string KeyRef = "secrets/panels/panel-1/integration-key";

    public static readonly DateTimeOffset T0 = new(2026, 5, 5, 18, 0, 0, TimeSpan.Zero);
    public static readonly DateTime PanelTime = new(2026, 5, 5, 20, 18, 0, DateTimeKind.Unspecified);

    public static readonly PanelPartition GroundFloor = new(1, "Ground floor");
    public static readonly PanelPartition Garage = new(2, "Garage");
    public static readonly PanelZone FrontDoor = new(1, "Front door", 1);
    public static readonly PanelZone HallMotion = new(2, "Hall motion", 1);
    public static readonly PanelZone GarageDoor = new(3, "Garage door", 2);

    public static RegisterPanel Register => new(
        PanelId, SiteId, PanelModel.Integra64Plus, "10.0.0.17", 7094, [GroundFloor, Garage], [FrontDoor, HallMotion, GarageDoor],
        KeyRef, T0);

    public static PanelRegistered Registered => new(
        PanelId, SiteId, PanelModel.Integra64Plus, "10.0.0.17", 7094, [GroundFloor, Garage], [FrontDoor, HallMotion, GarageDoor],
        KeyRef, T0);

    public static PanelConnected Connected => new(PanelId, T0.AddMinutes(1));

    public static PanelCommunicationLost Lost => new(PanelId, "No answer for 30 s", T0.AddMinutes(10));

    /// <summary>A recorded panel event; the class follows from the kind as the ingest would report it.</summary>
    public static PanelEventRecorded Recorded(
        string index, PanelEventKind kind, int code, bool restore = false, int? partition = 1, int? zone = null,
        int? user = null, int? source = null, string description = "", DateTime? panelTime = null) =>
        new(PanelId, index, panelTime ?? PanelTime, code, restore, ClassOf(kind), kind, partition, zone, user,
            source ?? zone ?? user, description, T0.AddMinutes(2));

    /// <summary>The command the ingest sends for a panel event.</summary>
    public static RecordPanelEvent RecordOf(PanelEventRecorded e) =>
        new(e.PanelId, e.EventLogIndex, e.PanelTime, e.EventCode, e.Restore, e.Class, e.Kind, e.Partition, e.Zone, e.User,
            e.Source, e.Description, e.RecordedAt);

    public static PanelEventRecorded Armed(string index, int partition) =>
        Recorded(index, PanelEventKind.Arm, 400, restore: true, partition: partition, user: 3);

    public static PanelEventRecorded Disarmed(string index, int partition) =>
        Recorded(index, PanelEventKind.Disarm, 400, partition: partition, user: 3);

    private static PanelEventClass ClassOf(PanelEventKind kind) => kind switch
    {
        PanelEventKind.Arm or PanelEventKind.Disarm or PanelEventKind.AlarmCleared => PanelEventClass.Arming,
        PanelEventKind.Bypass or PanelEventKind.Unbypass => PanelEventClass.Bypasses,
        PanelEventKind.Trouble or PanelEventKind.TroubleRestore => PanelEventClass.Troubles,
        PanelEventKind.Access => PanelEventClass.AccessControl,
        PanelEventKind.System or PanelEventKind.Other => PanelEventClass.SystemEvents,
        PanelEventKind.Panic or PanelEventKind.Duress => PanelEventClass.PartitionAlarms,
        _ => PanelEventClass.ZoneAlarms,
    };
}
