namespace PanelIngest.Protocol;

/// <summary>
/// One integration-protocol frame: its command byte and its data, both unstuffed and without the CRC. The same
/// layout is used for requests and answers. Equality compares the content, so frames work as test values.
/// </summary>
public sealed class SatelFrame : IEquatable<SatelFrame>
{
    private readonly byte[] data;

    /// <summary>A frame with a copy of <paramref name="data"/>.</summary>
    public SatelFrame(byte command, ReadOnlySpan<byte> data)
    {
        if (command == FrameEncoder.SpecialByte)
            throw new ArgumentOutOfRangeException(nameof(command), "0xFE can never be a command: it is the sync byte.");
        Command = command;
        this.data = data.ToArray();
    }

    /// <summary>The command byte (never 0xFE).</summary>
    public byte Command { get; }

    /// <summary>The data bytes after the command.</summary>
    public ReadOnlySpan<byte> Data => data;

    /// <summary>The number of data bytes; the manual's lengths include the command byte, this does not.</summary>
    public int Length => data.Length;

    /// <summary>The wire form of this frame: sync, stuffed command, data and CRC, and the end marker.</summary>
    public byte[] Encode() => FrameEncoder.Encode(Command, data);

    public bool Equals(SatelFrame? other) =>
        other is not null && Command == other.Command && data.AsSpan().SequenceEqual(other.data);

    public override bool Equals(object? obj) => Equals(obj as SatelFrame);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Command);
        hash.AddBytes(data);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Command:X2} {Convert.ToHexString(data)}";
}
