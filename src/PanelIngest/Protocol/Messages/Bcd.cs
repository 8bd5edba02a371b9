namespace PanelIngest.Protocol;

/// <summary>Packed BCD, as the 0x1A clock sends each two-digit field.</summary>
internal static class Bcd
{
    public static byte Byte(int value) => (byte)(((value / 10) << 4) | (value % 10));

    /// <summary>The value of a BCD byte, or -1 when a nibble is not a decimal digit.</summary>
    public static int Value(byte b) => (b >> 4) > 9 || (b & 0x0F) > 9 ? -1 : (b >> 4) * 10 + (b & 0x0F);
}
