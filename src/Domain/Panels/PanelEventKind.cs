namespace Domain.Panels;

/// <summary>
/// What a panel event means for the panel's state. The ingest side classifies each event code into a kind; the
/// domain records the kind and folds it (see <see cref="PanelState"/>). Values are stored: never renumber them.
/// </summary>
public enum PanelEventKind
{
    BurglaryAlarm = 0,
    FireAlarm = 1,
    Panic = 2,
    Duress = 3,
    Tamper = 4,
    Arm = 5,
    Disarm = 6,
    ZoneViolation = 7,
    ZoneRestore = 8,
    Bypass = 9,
    Unbypass = 10,
    Trouble = 11,
    TroubleRestore = 12,
    AlarmCleared = 13,
    Access = 14,
    System = 15,
    Other = 16,
}

/// <summary>The 3-bit event class (KKK) of a panel event-log record, as the panel reports it.</summary>
public enum PanelEventClass
{
    ZoneAlarms = 0,
    PartitionAlarms = 1,
    Arming = 2,
    Bypasses = 3,
    AccessControl = 4,
    Troubles = 5,
    UserFunctions = 6,
    SystemEvents = 7,
}
