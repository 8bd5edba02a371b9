using System.Buffers.Binary;
using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// The module's side of ETHM-1 Plus encryption: the PDU format of <see cref="EncryptedSession"/> (PROTOCOL.md §4.3),
/// but lenient on the id echo. A client echoes the last id it received, so when the module pushes a frame (automatic
/// mode) just as the client sends a request, the request echoes the previous id. Clients are known to work against
/// real modules in automatic mode with encryption (c-soft), so the module must accept that [I]; the strict
/// <see cref="EncryptedSession.Open"/> would drop the connection instead.
/// </summary>
/// <remarks>Not thread-safe; the connection calls it under its write lock.</remarks>
internal sealed class ModuleEncryption(string integrationKey) : IDisposable
{
    private readonly SatelCipher cipher = new(IntegrationKey.Derive(integrationKey));
    private ushort counter;
    private byte peerId;

    /// <summary>The length byte and encrypted PDU carrying <paramref name="frameBytes"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> frameBytes)
    {
        var length = Math.Max(EncryptedSession.MinPduLength, EncryptedSession.HeaderLength + frameBytes.Length);
        var pdu = new byte[length];
        Random.Shared.NextBytes(pdu.AsSpan(0, 2));
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(2), counter);
        pdu[4] = (byte)Random.Shared.Next(256);
        pdu[5] = peerId;
        frameBytes.CopyTo(pdu.AsSpan(EncryptedSession.HeaderLength));
        unchecked { counter++; }
        return [(byte)length, .. cipher.Encrypt(pdu)];
    }

    /// <summary>The plain bytes after the header of a received PDU; remembers the client's id to echo.</summary>
    /// <exception cref="EncryptedPduException">The PDU has no room for its header.</exception>
    public byte[] Open(ReadOnlySpan<byte> encryptedPdu)
    {
        if (encryptedPdu.Length < EncryptedSession.HeaderLength)
            throw new EncryptedPduException($"A PDU of {encryptedPdu.Length} bytes has no room for its header.");
        var pdu = cipher.Decrypt(encryptedPdu);
        peerId = pdu[4];
        return pdu[EncryptedSession.HeaderLength..];
    }

    public void Dispose() => cipher.Dispose();
}
