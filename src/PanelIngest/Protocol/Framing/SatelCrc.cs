namespace PanelIngest.Protocol;

/// <summary>
/// The Satel-specific CRC-16 of a frame's command and data (manual, "Function 2" and Appendix 4). It is not a
/// standard polynomial CRC: rotate left, invert, then add the high byte and the data byte.
/// </summary>
public static class SatelCrc
{
    private const ushort Seed = 0x147A;

    /// <summary>The CRC over <paramref name="commandAndData"/> in its unstuffed form.</summary>
    public static ushort Compute(ReadOnlySpan<byte> commandAndData)
    {
        var crc = Seed;
        foreach (var b in commandAndData)
            crc = Step(crc, b);
        return crc;
    }

    /// <summary>The CRC over a command byte followed by its data, without copying them together.</summary>
    public static ushort Compute(byte command, ReadOnlySpan<byte> data)
    {
        var crc = Step(Seed, command);
        foreach (var b in data)
            crc = Step(crc, b);
        return crc;
    }

    /// <summary>One step of the CRC, so a caller can fold it incrementally.</summary>
    public static ushort Step(ushort crc, byte b)
    {
        crc = (ushort)((crc << 1) | (crc >> 15));
        crc ^= 0xFFFF;
        return (ushort)(crc + (crc >> 8) + b);
    }
}
