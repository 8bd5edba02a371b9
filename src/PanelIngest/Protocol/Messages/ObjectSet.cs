using System.Numerics;
using System.Collections;

namespace PanelIngest.Protocol;

/// <summary>
/// A set of numbered objects (zones, partitions, outputs, doors, expanders) as the protocol's little-endian bitmap:
/// object 1 is byte 0 bit 0, object 8 is byte 0 bit 7, object 9 is byte 1 bit 0. The width in bytes is part of the
/// value because the protocol distinguishes 16-byte (1–128) from 32-byte (1–256) forms.
/// </summary>
public sealed class ObjectSet : IReadOnlyCollection<int>, IEquatable<ObjectSet>
{
    private readonly byte[] bitmap;

    private ObjectSet(byte[] bitmap) => this.bitmap = bitmap;

    /// <summary>How many bytes the bitmap takes on the wire.</summary>
    public int Width => bitmap.Length;

    /// <summary>The highest object number the bitmap can hold.</summary>
    public int Capacity => bitmap.Length * 8;

    /// <summary>How many objects are in the set.</summary>
    public int Count => bitmap.Sum(b => BitOperations.PopCount(b));

    /// <summary>The set a received bitmap describes.</summary>
    public static ObjectSet FromBitmap(ReadOnlySpan<byte> bitmap) => new(bitmap.ToArray());

    /// <summary>A set of <paramref name="width"/> bytes holding <paramref name="numbers"/> (each 1..width×8).</summary>
    public static ObjectSet Of(int width, IEnumerable<int> numbers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var bitmap = new byte[width];
        foreach (var n in numbers)
        {
            if (n < 1 || n > width * 8)
                throw new ArgumentOutOfRangeException(nameof(numbers), n, $"Object numbers in a {width}-byte set are 1..{width * 8}.");
            bitmap[(n - 1) / 8] |= (byte)(1 << ((n - 1) % 8));
        }
        return new ObjectSet(bitmap);
    }

    /// <summary>A set of <paramref name="width"/> bytes holding <paramref name="numbers"/>.</summary>
    public static ObjectSet Of(int width, params int[] numbers) => Of(width, (IEnumerable<int>)numbers);

    /// <summary>Whether object <paramref name="number"/> is in the set.</summary>
    public bool Contains(int number) =>
        number >= 1 && number <= Capacity && (bitmap[(number - 1) / 8] & (1 << ((number - 1) % 8))) != 0;

    /// <summary>Writes the bitmap into <paramref name="destination"/>, which must be <see cref="Width"/> bytes.</summary>
    public void WriteTo(Span<byte> destination) => bitmap.CopyTo(destination);

    /// <summary>The bitmap as sent on the wire.</summary>
    public byte[] ToBitmap() => (byte[])bitmap.Clone();

    public IEnumerator<int> GetEnumerator()
    {
        for (var n = 1; n <= Capacity; n++)
            if (Contains(n))
                yield return n;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ObjectSet? other) => other is not null && bitmap.AsSpan().SequenceEqual(other.bitmap);

    public override bool Equals(object? obj) => Equals(obj as ObjectSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(bitmap);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{{{string.Join(", ", this)}}} ({Width} B)";
}
