namespace PanelIngest.Protocol;

/// <summary>
/// Cuts the encrypted byte stream into PDUs: one length byte N, then N bytes. TCP may split or join PDUs anywhere,
/// so bytes are gathered until a PDU is whole (as openHAB and c-soft read: the length, then exactly N bytes).
/// </summary>
public sealed class EncryptedPduReader
{
    private readonly byte[] pdu = new byte[byte.MaxValue];
    private int expected = -1;
    private int filled;

    /// <summary>Takes received bytes and adds every PDU they complete (without its length byte) to <paramref name="pdus"/>.</summary>
    public void Read(ReadOnlySpan<byte> chunk, ICollection<byte[]> pdus)
    {
        while (!chunk.IsEmpty)
        {
            if (expected < 0)
            {
                expected = chunk[0];
                filled = 0;
                chunk = chunk[1..];
            }
            var take = Math.Min(expected - filled, chunk.Length);
            chunk[..take].CopyTo(pdu.AsSpan(filled));
            filled += take;
            chunk = chunk[take..];
            if (filled == expected)
            {
                pdus.Add(pdu.AsSpan(0, expected).ToArray());
                expected = -1;
            }
        }
    }
}
