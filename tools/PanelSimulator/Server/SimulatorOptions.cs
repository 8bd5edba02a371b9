using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>How a simulated ETHM-1 module behaves. The defaults follow the field behaviour in PROTOCOL.md §5.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The defaults.</summary>
    public static SimulatorOptions Default { get; } = new();

    /// <summary>Close a connection that sent nothing for this long (ETHM-1 Plus ≥ 2.03: 25 s, PROTOCOL.md §5.3).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>What a plain connection gets when another client holds the module (PROTOCOL.md §5.2): <c>"\x10Busy!\r\n"</c>.</summary>
    public IReadOnlyList<byte> BusyText { get; init; } = "\u0010Busy!\r\n"u8.ToArray();

    /// <summary>
    /// What an encrypted connection gets when the module is busy: opaque bytes (c-soft's test uses these four).
    /// </summary>
    public IReadOnlyList<byte> EncryptedBusyBytes { get; init; } = [0x93, 0xAA, 0x10, 0x01];

    /// <summary>The 0x7C answer: ETHM-1 Plus 2.14 of 2020-01-17, serving 32-byte lists and troubles part 8.</summary>
    public ModuleVersionAnswer ModuleVersion { get; init; } = new(new FirmwareVersion(2, 14, new DateOnly(2020, 1, 17)), 0x03);

    /// <summary>
    /// Whether the module pushes a 0x8C frame for every new event, unasked. No manual describes this; PROTOCOL.md
    /// §2.4 reports it from one ETHM-1 Plus v2.13 with INT-GSM (HA core #169738), so it is off by default and exists
    /// to test that a client copes.
    /// </summary>
    public bool PushEventRecords { get; init; }

    /// <summary>Seeds the fault-injection dice; null for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The clock for idle timeouts and answer delays; the system clock by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
