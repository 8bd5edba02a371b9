using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PanelIngest.Protocol;

/// <summary>
/// One connection's ETHM-1 Plus encryption state (PROTOCOL.md §4.3). A PDU is
/// <c>rand.hi rand.lo cnt.hi cnt.lo id_s id_r</c> + a complete plain frame (sync bytes and stuffing included), padded
/// with zeros to at least 16 bytes, encrypted with <see cref="SatelCipher"/>, and sent after one length byte.
/// <c>cnt</c> counts our PDUs from 0 and wraps; <c>id_s</c> is a fresh random byte per PDU; <c>id_r</c> echoes the
/// other side's last <c>id_s</c>. A received PDU must echo our last <c>id_s</c>.
/// </summary>
/// <remarks>No sockets: bytes in, bytes out. One instance per connection; not thread-safe.</remarks>
public sealed class EncryptedSession : IDisposable
{
    /// <summary>The PDU header bytes before the frame.</summary>
    public const int HeaderLength = 6;

    /// <summary>Clients pad PDUs to at least one AES block.</summary>
    public const int MinPduLength = 16;

    private readonly SatelCipher cipher;
    private readonly Action<Span<byte>> fillRandom;
    private ushort counter;
    private byte lastSentId;
    private bool sentAny;
    private byte peerId;

    /// <param name="integrationKey">The module's integration key (a secret).</param>
    /// <param name="fillRandom">Fills the random header bytes; cryptographic randomness by default, fixed in tests.</param>
    public EncryptedSession(string integrationKey, Action<Span<byte>>? fillRandom = null)
    {
        cipher = new SatelCipher(IntegrationKey.Derive(integrationKey));
        this.fillRandom = fillRandom ?? RandomNumberGenerator.Fill;
    }

    /// <summary>The counter the next PDU will carry.</summary>
    public ushort NextCounter => counter;

    /// <summary>Wraps the wire bytes of one frame (<see cref="SatelFrame.Encode"/>) into the length byte and encrypted PDU.</summary>
    public byte[] Seal(ReadOnlySpan<byte> frameBytes)
    {
        var length = Math.Max(MinPduLength, HeaderLength + frameBytes.Length);
        if (length > byte.MaxValue)
            throw new ArgumentException($"A PDU of {length} bytes does not fit the 1-byte length.", nameof(frameBytes));
        Span<byte> random = stackalloc byte[3];
        fillRandom(random);
        var pdu = new byte[length];
        pdu[0] = random[0];
        pdu[1] = random[1];
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(2), counter);
        pdu[4] = random[2];
        pdu[5] = peerId;
        frameBytes.CopyTo(pdu.AsSpan(HeaderLength));
        unchecked { counter++; }
        lastSentId = random[2];
        sentAny = true;
        return [(byte)length, .. cipher.Encrypt(pdu)];
    }

    /// <summary>
    /// Decrypts one received PDU (without its length byte), checks that it echoes our last id, and returns the bytes
    /// after the header: a plain frame and any zero padding, ready for <see cref="FrameDecoder"/>. The echo is checked
    /// once this side has sent a PDU.
    /// </summary>
    /// <exception cref="EncryptedPduException">Too short, or it does not echo the id we last sent.</exception>
    public byte[] Open(ReadOnlySpan<byte> encryptedPdu)
    {
        if (encryptedPdu.Length < HeaderLength)
            throw new EncryptedPduException($"A PDU of {encryptedPdu.Length} bytes has no room for its header.");
        var pdu = cipher.Decrypt(encryptedPdu);
        // Before we have sent anything there is nothing to echo: that is the module's side of a new connection.
        // (A client that receives bytes before sending is facing a busy module; the transport detects that.)
        if (sentAny && pdu[5] != lastSentId)
            throw new EncryptedPduException($"The PDU echoes id {pdu[5]:X2}, but we last sent {lastSentId:X2}.");
        peerId = pdu[4];
        return pdu[HeaderLength..];
    }

    public void Dispose() => cipher.Dispose();
}
