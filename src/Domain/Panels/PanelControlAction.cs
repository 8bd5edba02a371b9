namespace Domain.Panels;

/// <summary>What an operator asks a panel to do to partitions. Values are stored: never renumber them.</summary>
public enum PanelControlAction
{
    /// <summary>Arm in a mode (0x80–0x83). The panel refuses if something blocks arming.</summary>
    Arm = 0,

    /// <summary>Force arm in a mode (0xA0–0xA3): arm despite conditions that would block a normal arm.</summary>
    ForceArm = 1,

    /// <summary>Disarm (0x84).</summary>
    Disarm = 2,

    /// <summary>Clear alarm (0x85): ends the panel alarm in the partitions. Not the same as resolving our alarm.</summary>
    ClearAlarm = 3,
}

/// <summary>INTEGRA arm modes: mode 0 is full; modes 1–3 are partial modes set up in the panel.</summary>
public enum ArmMode
{
    Full = 0,
    Mode1 = 1,
    Mode2 = 2,
    Mode3 = 3,
}

/// <summary>How a panel control request ended.</summary>
public enum PanelControlResult
{
    /// <summary>The module answered that the command will be processed (0xEF FF or 00).</summary>
    Accepted = 0,

    /// <summary>The module refused it (user code not found, cannot arm, …).</summary>
    Refused = 1,

    /// <summary>No answer came in time.</summary>
    TimedOut = 2,
}
