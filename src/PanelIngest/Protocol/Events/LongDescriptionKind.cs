namespace PanelIngest.Protocol;

/// <summary>
/// Appendix 2, "kind of long description": how to read an event record's PPPPP, R, source (nnnnnnnn), object and
/// user fields. Each event code has one (event-codes.csv, column long_desc_kind; 0x8F answers it too).
/// </summary>
public enum LongDescriptionKind : byte
{
    None = 0,
    PartitionZoneExpanderOrKeypad = 1,
    PartitionUser = 2,

    /// <summary>A LED partition keypad (e.g. INT-S) at address PPPPPR, and a user.</summary>
    PartitionKeypadUser = 3,
    ZoneExpanderOrKeypad = 4,
    Partition = 5,
    KeypadUser = 6,
    User = 7,
    ExpanderReaderHead = 8,
    Telephone = 9,
    TelephoneRelayOutput = 10,
    PartitionDataBus = 11,

    /// <summary>Partition and output or expander; the partition does not matter for main panel outputs.</summary>
    PartitionOutputOrExpander = 12,
    PartitionOutputOrExpanderNoPartition = 13,

    /// <summary>A telephone number index in PPPPP (0 unknown), and a user.</summary>
    TelephoneUser = 14,
    PartitionTimer = 15,

    /// <summary>The first half of a TCP/IP address; it takes two records.</summary>
    TcpIpAddressStart = 30,

    /// <summary>The 3rd and 4th bytes of a TCP/IP address; the previous (older) record holds the start.</summary>
    TcpIpAddressEnd = 31,
    PartitionZoneOrAbaxOutput = 32,
}
