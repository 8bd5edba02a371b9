namespace PanelIngest.Protocol;

/// <summary>
/// A set of state commands as the 0x7F bitmaps carry it: bit n (byte n/8, bit n%8) stands for command n. Used both
/// for the "new data" poll answer and for the automatic mode's lists of commands to push.
/// </summary>
public sealed class StateCommandSet : IEquatable<StateCommandSet>
{
    private readonly ObjectSet bits;

    private StateCommandSet(ObjectSet bits) => this.bits = bits;

    /// <summary>How many bytes the bitmap takes on the wire (5, 6 or 7; 6 or 7 for automatic mode).</summary>
    public int Width => bits.Width;

    /// <summary>The commands in the set, in order.</summary>
    public IEnumerable<StateCommand> Commands => bits.Select(n => (StateCommand)(n - 1));

    /// <summary>The set a received bitmap describes.</summary>
    public static StateCommandSet FromBitmap(ReadOnlySpan<byte> bitmap) => new(ObjectSet.FromBitmap(bitmap));

    /// <summary>A set of <paramref name="width"/> bytes holding <paramref name="commands"/>.</summary>
    public static StateCommandSet Of(int width, IEnumerable<StateCommand> commands) =>
        new(ObjectSet.Of(width, commands.Select(c => (int)c + 1)));

    /// <summary>A set of <paramref name="width"/> bytes holding <paramref name="commands"/>.</summary>
    public static StateCommandSet Of(int width, params StateCommand[] commands) =>
        Of(width, (IEnumerable<StateCommand>)commands);

    /// <summary>Whether the bit for <paramref name="command"/> is set.</summary>
    public bool Contains(StateCommand command) => bits.Contains((int)command + 1);

    /// <summary>Writes the bitmap into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => bits.WriteTo(destination);

    public bool Equals(StateCommandSet? other) => other is not null && bits.Equals(other.bits);

    public override bool Equals(object? obj) => Equals(obj as StateCommandSet);

    public override int GetHashCode() => bits.GetHashCode();

    public override string ToString() => $"[{string.Join(", ", Commands)}] ({Width} B)";
}
