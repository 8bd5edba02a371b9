using Domain.Panels;

namespace PanelIngest.Protocol;

/// <summary>
/// Classifies an INTEGRA event code (Appendix 1) into the domain's <see cref="PanelEventKind"/>. The codes follow
/// Contact ID groups (1xx alarms, 3xx troubles, 4xx arming and access, 57x bypasses) with Satel additions, so the
/// rules below go by those groups and name every exception.
/// </summary>
/// <remarks>
/// The restore bit is part of the input because INTEGRA uses it for more than "condition ended": for the arming codes
/// 400–409 R = 0 is the disarm and R = 1 the arm. Where the domain has a restore kind (ZoneRestore, Unbypass,
/// TroubleRestore) a restore row gets it; alarm restores keep the alarm kind, since the domain reads the restore bit.
/// Technical 24-hour alarms (water leak, low temperature, pump…) are troubles: the domain has no "technical alarm",
/// and they need a visit rather than a dispatch. Gas detection counts as fire, medical requests as panic.
/// </remarks>
public static class EventKindClassifier
{
    /// <summary>The kind of event (<paramref name="code"/>, <paramref name="restore"/>); <see cref="PanelEventKind.Other"/> when unknown.</summary>
    public static PanelEventKind Classify(int code, bool restore) => code switch
    {
        // R = 1 is "System real-time clock trouble" and R = 0 "Setting system real-time clock": no restore here.
        625 => restore ? PanelEventKind.Trouble : PanelEventKind.System,
        _ => Restored(KindOf(code, restore), restore),
    };

    private static PanelEventKind KindOf(int code, bool restore) => code switch
    {
        121 => PanelEventKind.Duress,
        100 or 101 or 120 or 122 or 123 => PanelEventKind.Panic,
        >= 110 and <= 117 or 151 or 200 => PanelEventKind.FireAlarm,
        84 or 92 or 93 or 94 or 137 or 144 or 145 or 156 or 370 or 373 or 383 or 984 => PanelEventKind.Tamper,
        85 or 126 or >= 130 and <= 136 or 139 or 155 or 423 or 461 => PanelEventKind.BurglaryAlarm,
        99 => PanelEventKind.ZoneViolation,
        >= 570 and <= 575 or 991 => PanelEventKind.Bypass,
        >= 400 and <= 405 or 407 or 409 => restore ? PanelEventKind.Arm : PanelEventKind.Disarm,
        66 or 67 or 408 or 441 or 442 or 1001 => PanelEventKind.Arm,
        406 => PanelEventKind.AlarmCleared,
        _ when IsTrouble(code) => PanelEventKind.Trouble,
        _ when IsAccess(code) => PanelEventKind.Access,
        _ when IsSystem(code) => PanelEventKind.System,
        _ => PanelEventKind.Other,
    };

    private static PanelEventKind Restored(PanelEventKind kind, bool restore) => (kind, restore) switch
    {
        (PanelEventKind.ZoneViolation, true) => PanelEventKind.ZoneRestore,
        (PanelEventKind.Bypass, true) => PanelEventKind.Unbypass,
        (PanelEventKind.Trouble, true) => PanelEventKind.TroubleRestore,
        _ => kind,
    };

    // Zone troubles (long/no violation, masking, radio), technical 24 h alarms, then module, supply and link troubles.
    private static bool IsTrouble(int code) => code is
        51 or 78 or 79 or 80 or 88 or 95 or 96 or 97 or 98 or 143 or 150 or 152 or 153 or 154 or 157 or 158 or 159
        or >= 201 and <= 206 or 300 or 301 or 302 or 303 or 309 or 312 or 330 or 333 or 337 or 344 or 350 or 351
        or 380 or 381 or 384 or 388 or 968 or 969 or 971 or 972 or 979 or 980 or 990 or 997 or 1000 or 1002 or 1006
        or 1014 or 1015 or 1018 or 1020;

    // Users coming and going: codes, readers, doors, guard rounds, key fobs, log-ins.
    private static bool IsAccess(int code) => code is
        26 or 37 or 43 or 44 or 45 or 62 or 63 or 64 or 65 or 70 or 71 or 72 or 73 or 83 or 86 or 89 or 220 or 421
        or 422 or 462 or 989 or 995 or 996 or 1019;

    // The panel's own life: restarts, settings, clock, service, downloading, connections, tests, event log, users.
    private static bool IsSystem(int code) => code is
        >= 2 and <= 36 and not 26 or 40 or 41 or 42 or 46 or 47 or >= 48 and <= 61 or 68 or 69 or 74 or 75 or 76
        or 90 or 91 or 305 or 306 or 339 or 411 or 412 or 413 or 601 or 602 or 604 or 607 or >= 611 and <= 615
        or 621 or 622 or 623 or 627 or 628 or 967 or 981 or 982 or 983 or 992 or 993 or 994 or 998 or 999
        or 1004 or 1005 or >= 1009 and <= 1013 or 1016 or 1017 or 1021 or 1022 or 1023;
}
