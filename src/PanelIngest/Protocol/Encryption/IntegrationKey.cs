using System.Text;

namespace PanelIngest.Protocol;

/// <summary>
/// The AES-192 key of ETHM-1 Plus encrypted integration, derived from the module's integration key (PROTOCOL.md §4.1,
/// the same in openHAB, c-soft and majektom): its ASCII bytes cut or padded with spaces to 12, written twice.
/// </summary>
public static class IntegrationKey
{
    /// <summary>The characters of the integration key that count.</summary>
    public const int MaxLength = 12;

    /// <summary>The 24-byte AES key for <paramref name="integrationKey"/>. Longer keys are cut to 12 characters, as openHAB and c-soft do.</summary>
    public static byte[] Derive(string integrationKey)
    {
        ArgumentNullException.ThrowIfNull(integrationKey);
        if (!Ascii.IsValid(integrationKey))
            throw new ArgumentException("The integration key is ASCII text.", nameof(integrationKey));
        var key = new byte[2 * MaxLength];
        key.AsSpan().Fill((byte)' ');
        var used = Math.Min(integrationKey.Length, MaxLength);
        Encoding.ASCII.GetBytes(integrationKey.AsSpan(0, used), key);
        key.AsSpan(0, MaxLength).CopyTo(key.AsSpan(MaxLength));
        return key;
    }
}
