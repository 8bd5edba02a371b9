using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EventStore;

/// <summary>
/// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. The same layout as
/// <see cref="Guid.CreateVersion7()"/>, which asks the operating system for 16 random bytes on every call (a system
/// call of about 2 µs on our VMs, a fifth of preparing an event); this one draws them from a per-thread buffer of
/// cryptographic randomness refilled a kilobyte at a time.
/// </summary>
public static class Uuid7
{
    private const int BufferSize = 1024;
    private const int RandomBytes = 10;

    [ThreadStatic] private static byte[]? t_random;
    [ThreadStatic] private static int t_next;

    /// <summary>A new version 7 UUID for the current time.</summary>
    public static Guid NewGuid() => NewGuid(DateTimeOffset.UtcNow);

    /// <summary>A new version 7 UUID for <paramref name="time"/>.</summary>
    public static Guid NewGuid(DateTimeOffset time)
    {
        var random = t_random;
        if (random is null || t_next > BufferSize - RandomBytes)
        {
            random = t_random ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(random);
            t_next = 0;
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.ToUnixTimeMilliseconds() << 16);
        random.AsSpan(t_next, RandomBytes).CopyTo(bytes[6..]);
        t_next += RandomBytes;
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // version 7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
