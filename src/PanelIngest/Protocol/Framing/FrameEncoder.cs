namespace PanelIngest.Protocol;

/// <summary>
/// Builds the wire form of a frame: <c>FE FE cmd d1..dn crc.hi crc.lo FE 0D</c>. Every 0xFE in the command, the data
/// or the CRC is sent as <c>FE F0</c> (manual rule 3), including the CRC bytes, which some published clients forget.
/// </summary>
public static class FrameEncoder
{
    /// <summary>The byte that marks synchronisation, stuffing and the frame end.</summary>
    public const byte SpecialByte = 0xFE;

    /// <summary>What follows 0xFE to mean "a data byte 0xFE".</summary>
    public const byte StuffedByte = 0xF0;

    /// <summary>What follows 0xFE to end a frame.</summary>
    public const byte EndByte = 0x0D;

    /// <summary>The wire bytes of a frame with <paramref name="command"/> and <paramref name="data"/>.</summary>
    public static byte[] Encode(byte command, ReadOnlySpan<byte> data)
    {
        if (command == SpecialByte)
            throw new ArgumentOutOfRangeException(nameof(command), "0xFE can never be a command: it is the sync byte.");
        var crc = SatelCrc.Compute(command, data);

        // Worst case every byte is stuffed: 2 sync + 2 × (cmd + data + crc) + 2 end.
        var output = new byte[2 + 2 * (data.Length + 3) + 2];
        var n = 0;
        output[n++] = SpecialByte;
        output[n++] = SpecialByte;
        n = Put(output, n, command);
        foreach (var b in data)
            n = Put(output, n, b);
        n = Put(output, n, (byte)(crc >> 8));
        n = Put(output, n, (byte)crc);
        output[n++] = SpecialByte;
        output[n++] = EndByte;
        return output.AsSpan(0, n).ToArray();
    }

    private static int Put(byte[] output, int n, byte b)
    {
        output[n++] = b;
        if (b == SpecialByte)
            output[n++] = StuffedByte;
        return n;
    }
}
