using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// A mutable set of objects 1..256 (zones, partitions, outputs) in 32 bytes: a panel of a large fleet holds a dozen
/// of these, so they are kept as four words rather than collections.
/// </summary>
internal sealed class ObjectBits
{
    private readonly ulong[] words = new ulong[4];

    public bool this[int number]
    {
        get => number is >= 1 and <= 256 && (words[(number - 1) >> 6] & Bit(number)) != 0;
        set
        {
            if (value)
                words[(number - 1) >> 6] |= Bit(number);
            else
                words[(number - 1) >> 6] &= ~Bit(number);
        }
    }

    public bool Any => words[0] != 0 || words[1] != 0 || words[2] != 0 || words[3] != 0;

    public void Clear() => Array.Clear(words);

    /// <summary>The set as the protocol's bitmap of <paramref name="width"/> bytes (objects beyond it are left out).</summary>
    public ObjectSet ToObjectSet(int width)
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
            BitConverter.TryWriteBytes(bytes[(i * 8)..], words[i]);
        return ObjectSet.FromBitmap(bytes[..width]);
    }

    private static ulong Bit(int number) => 1UL << ((number - 1) & 63);
}
