namespace PanelIngest.Protocol;

/// <summary>The 3 "system troubles" bytes of troubles part 1, first byte in bits 0–7 (manual, "System troubles").</summary>
[Flags]
public enum SystemTroubles
{
    None = 0,
    Out1 = 1 << 0,
    Out2 = 1 << 1,
    Out3 = 1 << 2,
    Out4 = 1 << 3,
    KeypadSupply = 1 << 4,
    ExpanderSupply = 1 << 5,
    Battery = 1 << 6,
    AcSupply = 1 << 7,
    DataBus1 = 1 << 8,
    DataBus2 = 1 << 9,
    DataBusMain = 1 << 10,
    RealTimeClock = 1 << 11,
    NoDtrSignal = 1 << 12,
    NoBattery = 1 << 13,
    ExternalModemInitialization = 1 << 14,
    ExternalModemCommand = 1 << 15,

    /// <summary>No voltage on the telephone line; on INTEGRA 128-WRL, the auxiliary ST processor.</summary>
    TelephoneLineVoltage = 1 << 16,
    TelephoneLineBadSignal = 1 << 17,
    TelephoneLineNoSignal = 1 << 18,
    MonitoringStation1 = 1 << 19,
    MonitoringStation2 = 1 << 20,
    EepromOrClockAccess = 1 << 21,
    Ram = 1 << 22,
    MainPanelRestartMemory = 1 << 23,
}

/// <summary>Troubles part 1 (0x1B) or its memory (0x20), field by field.</summary>
public sealed record TroublesPart1(
    ObjectSet TechnicalZones,
    ObjectSet ExpandersAcTrouble,
    ObjectSet ExpandersBatteryTrouble,
    ObjectSet ExpandersNoBattery,
    SystemTroubles System,
    byte PtsaAcTrouble,
    byte PtsaBatteryTrouble,
    byte PtsaNoBattery,
    byte EthmMonitoringTrouble)
{
    /// <summary>Reads the 47 bytes.</summary>
    public static TroublesPart1 Read(ReadOnlySpan<byte> d) => new(
        ObjectSet.FromBitmap(d[..16]),
        ObjectSet.FromBitmap(d[16..24]),
        ObjectSet.FromBitmap(d[24..32]),
        ObjectSet.FromBitmap(d[32..40]),
        (SystemTroubles)(d[40] | (d[41] << 8) | (d[42] << 16)),
        d[43],
        d[44],
        d[45],
        d[46]);
}
