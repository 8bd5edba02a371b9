using Domain.Panels;

namespace Domain.Alarms;

/// <summary>What an alarm is about. Values are stored in events: never renumber them.</summary>
public enum AlarmKind
{
    Burglary = 0,
    Fire = 1,
    Panic = 2,
    Duress = 3,
    Tamper = 4,

    /// <summary>A technical trouble the panel reported (AC loss, low battery, …).</summary>
    Trouble = 5,

    /// <summary>The ingest lost communication with the panel.</summary>
    CommunicationLoss = 6,
}

/// <summary>The default rule for which panel events raise an alarm; a restore never does.</summary>
public static class AlarmKinds
{
    public static AlarmKind? For(PanelEventKind kind, bool restore) => restore ? null : kind switch
    {
        PanelEventKind.BurglaryAlarm => AlarmKind.Burglary,
        PanelEventKind.FireAlarm => AlarmKind.Fire,
        PanelEventKind.Panic => AlarmKind.Panic,
        PanelEventKind.Duress => AlarmKind.Duress,
        PanelEventKind.Tamper => AlarmKind.Tamper,
        PanelEventKind.Trouble => AlarmKind.Trouble,
        _ => null,
    };
}
