using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>The wire forms of faulty frames: a wrong CRC, and garbage before a frame.</summary>
internal static class WireFaults
{
    /// <summary>
    /// The frame's wire bytes with its CRC off by one bit, stuffed like a good frame, so only the CRC check can
    /// tell (FrameEncoder refuses to build a bad frame, so the stuffing is repeated here).
    /// </summary>
    public static byte[] WithBadCrc(SatelFrame frame)
    {
        var crc = (ushort)(SatelCrc.Compute(frame.Command, frame.Data) ^ 0x0001);
        var output = new List<byte>(frame.Length * 2 + 8) { FrameEncoder.SpecialByte, FrameEncoder.SpecialByte };
        Put(output, frame.Command);
        foreach (var b in frame.Data)
            Put(output, b);
        Put(output, (byte)(crc >> 8));
        Put(output, (byte)crc);
        output.Add(FrameEncoder.SpecialByte);
        output.Add(FrameEncoder.EndByte);
        return [.. output];
    }

    /// <summary>1..16 random bytes, sent before a frame: a receiver must skip them and still find the frame.</summary>
    public static byte[] Garbage(Random random)
    {
        var garbage = new byte[random.Next(1, 17)];
        // Any bytes will do: a frame starts with FE FE, which resynchronises a receiver from every state.
        random.NextBytes(garbage);
        return garbage;
    }

    private static void Put(List<byte> output, byte b)
    {
        output.Add(b);
        if (b == FrameEncoder.SpecialByte)
            output.Add(FrameEncoder.StuffedByte);
    }
}
