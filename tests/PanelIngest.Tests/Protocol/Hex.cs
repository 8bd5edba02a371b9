namespace PanelIngest.Tests.Protocol;

/// <summary>Byte vectors written as in PROTOCOL.md: hex pairs separated by spaces.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
