namespace PanelSimulator;

/// <summary>The live state of a simulated panel, as the state reads (0x00–0x31) report it.</summary>
internal sealed class PanelState
{
    public ObjectBits Violated { get; } = new();
    public ObjectBits Tamper { get; } = new();
    public ObjectBits ZoneAlarm { get; } = new();
    public ObjectBits ZoneTamperAlarm { get; } = new();
    public ObjectBits ZoneAlarmMemory { get; } = new();
    public ObjectBits ZoneTamperAlarmMemory { get; } = new();
    public ObjectBits Bypassed { get; } = new();
    public ObjectBits Isolated { get; } = new();
    public ObjectBits Armed { get; } = new();
    public ObjectBits ArmedMode1 { get; } = new();
    public ObjectBits ArmedMode2 { get; } = new();
    public ObjectBits ArmedMode3 { get; } = new();
    public ObjectBits PartitionAlarm { get; } = new();
    public ObjectBits PartitionAlarmMemory { get; } = new();
    public ObjectBits Outputs { get; } = new();
    public bool AcTrouble { get; set; }
    public bool AcTroubleMemory { get; set; }
}
