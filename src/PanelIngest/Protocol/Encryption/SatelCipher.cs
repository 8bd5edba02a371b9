using System.Security.Cryptography;

namespace PanelIngest.Protocol;

/// <summary>
/// The ETHM-1 Plus block chaining over the AES primitive (PROTOCOL.md §4.2): CBC with IV = AES(0) for full blocks,
/// and a trailing partial block XORed with the encryption of the last chaining value, so no padding is added. Each
/// PDU starts again from AES(0). Pure: byte arrays in, byte arrays out.
/// </summary>
public sealed class SatelCipher : IDisposable
{
    private const int Block = 16;
    private readonly Aes aes;

    /// <param name="key">The 24-byte key from <see cref="IntegrationKey.Derive"/>.</param>
    public SatelCipher(byte[] key)
    {
        aes = Aes.Create();
        aes.Key = key;
    }

    /// <summary>Encrypts one PDU (any length; callers pad PDUs to at least 16 bytes).</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plain)
    {
        var output = new byte[plain.Length];
        Span<byte> cv = stackalloc byte[Block];
        Span<byte> block = stackalloc byte[Block];
        aes.EncryptEcb(new byte[Block], cv, PaddingMode.None);
        var full = plain.Length / Block * Block;
        for (var i = 0; i < full; i += Block)
        {
            for (var j = 0; j < Block; j++)
                block[j] = (byte)(plain[i + j] ^ cv[j]);
            aes.EncryptEcb(block, output.AsSpan(i, Block), PaddingMode.None);
            output.AsSpan(i, Block).CopyTo(cv);
        }
        XorTail(plain[full..], output.AsSpan(full), cv);
        return output;
    }

    /// <summary>Decrypts one PDU.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> cipher)
    {
        var output = new byte[cipher.Length];
        Span<byte> cv = stackalloc byte[Block];
        Span<byte> block = stackalloc byte[Block];
        aes.EncryptEcb(new byte[Block], cv, PaddingMode.None);
        var full = cipher.Length / Block * Block;
        for (var i = 0; i < full; i += Block)
        {
            aes.DecryptEcb(cipher.Slice(i, Block), block, PaddingMode.None);
            for (var j = 0; j < Block; j++)
                output[i + j] = (byte)(block[j] ^ cv[j]);
            cipher.Slice(i, Block).CopyTo(cv);
        }
        XorTail(cipher[full..], output.AsSpan(full), cv);
        return output;
    }

    public void Dispose() => aes.Dispose();

    // The partial block is the same in both directions: XOR with AES(cv).
    private void XorTail(ReadOnlySpan<byte> input, Span<byte> output, Span<byte> cv)
    {
        if (input.IsEmpty)
            return;
        Span<byte> stream = stackalloc byte[Block];
        aes.EncryptEcb(cv, stream, PaddingMode.None);
        for (var j = 0; j < input.Length; j++)
            output[j] = (byte)(input[j] ^ stream[j]);
    }
}
