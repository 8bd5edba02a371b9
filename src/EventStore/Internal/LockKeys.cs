using System.Text;

namespace EventStore.Internal;

/// <summary>Stable 32-bit keys for PostgreSQL advisory locks (FNV-1a: string.GetHashCode is randomised per process).</summary>
internal static class LockKeys
{
    public static int Hash(string value)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 16777619;
        }
        return unchecked((int)hash);
    }
}
