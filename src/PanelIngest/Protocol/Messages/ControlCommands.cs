namespace PanelIngest.Protocol;

/// <summary>Control commands on partitions (code + 4-byte partition list); the value is the command byte.</summary>
public enum PartitionControl : byte
{
    ArmMode0 = 0x80,
    ArmMode1 = 0x81,
    ArmMode2 = 0x82,
    ArmMode3 = 0x83,
    Disarm = 0x84,
    ClearAlarm = 0x85,
    ForceArmMode0 = 0xA0,
    ForceArmMode1 = 0xA1,
    ForceArmMode2 = 0xA2,
    ForceArmMode3 = 0xA3,
}

/// <summary>Control commands on zones (code + 16/32-byte zone list); the value is the command byte.</summary>
public enum ZoneControl : byte
{
    Bypass = 0x86,
    Unbypass = 0x87,
    Isolate = 0x90,
}

/// <summary>Control commands on outputs (code + 16/32-byte output list); the value is the command byte.</summary>
public enum OutputControl : byte
{
    On = 0x88,
    Off = 0x89,
    Switch = 0x91,
}

/// <summary>What 0x8D "enter 1st code" does.</summary>
public enum FirstCodeAction : byte
{
    ForArm = 0,
    ForDisarm = 1,
    Cancel = 2,
}

/// <summary>The device types 0xEE reads names of; the value is the type byte.</summary>
public enum DeviceKind : byte
{
    Partition = 0,
    Zone = 1,

    /// <summary>A user; the answer has a 20th byte, the user serial number + 128.</summary>
    User = 2,

    /// <summary>129..192 expanders, 193..210 LCD keypads.</summary>
    ExpanderOrKeypad = 3,
    Output = 4,

    /// <summary>A zone; the answer has a 20th byte, the partition it is assigned to.</summary>
    ZoneWithPartition = 5,
    Timer = 6,
    Telephone = 7,
    Object = 15,

    /// <summary>A partition; the answer has a 20th byte, the object it is assigned to.</summary>
    PartitionWithObject = 16,
}
