namespace PanelIngest.Protocol;

/// <summary>
/// The opaque 3-byte index of a place in the panel event log (0x8C). Compare it, store it, send it back; never do
/// arithmetic on it (consecutive records differ in arbitrary bits, PROTOCOL.md §3.4).
/// </summary>
public readonly record struct EventLogIndex
{
    /// <summary>Asks 0x8C for the newest record of the standard event log.</summary>
    public static readonly EventLogIndex Newest = new(0xFFFFFF);

    /// <summary>Asks 0x8C for the newest record of the Grade2/Grade3 event log.</summary>
    public static readonly EventLogIndex NewestGrade = new(0x00FFFF);

    /// <summary>An index from its 24-bit value (high byte first on the wire).</summary>
    public EventLogIndex(int value)
    {
        if (value is < 0 or > 0xFFFFFF)
            throw new ArgumentOutOfRangeException(nameof(value), value, "An event-log index has 3 bytes.");
        Value = value;
    }

    /// <summary>The 24-bit value.</summary>
    public int Value { get; }

    /// <summary>Reads the 3 wire bytes, high byte first.</summary>
    public static EventLogIndex Read(ReadOnlySpan<byte> bytes) => new((bytes[0] << 16) | (bytes[1] << 8) | bytes[2]);

    /// <summary>Writes the 3 wire bytes, high byte first.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)(Value >> 16);
        destination[1] = (byte)(Value >> 8);
        destination[2] = (byte)Value;
    }

    /// <summary>The six hex digits, as the domain stores the index (<c>035896</c>).</summary>
    public override string ToString() => Value.ToString("X6", System.Globalization.CultureInfo.InvariantCulture);
}
