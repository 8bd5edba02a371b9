using System.Security.Cryptography;
using System.Text;

namespace PanelIngest.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-GCM under the master key. A ciphertext is <c>version(1) nonce(12) tag(16) data</c>,
/// and its associated data is the panel id and the field, so a ciphertext copied to another row or column does not
/// decrypt.
/// </summary>
public sealed class SecretCipher(byte[] masterKey)
{
    private const byte Version = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>Encrypts <paramref name="plain"/> for <paramref name="field"/> of <paramref name="panelId"/>.</summary>
    public byte[] Seal(string panelId, string field, string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[1 + NonceLength + TagLength + data.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(masterKey, TagLength);
        gcm.Encrypt(nonce, data, sealedBytes.AsSpan(1 + NonceLength + TagLength), sealedBytes.AsSpan(1 + NonceLength, TagLength), Associated(panelId, field));
        CryptographicOperations.ZeroMemory(data);
        return sealedBytes;
    }

    /// <summary>Decrypts what <see cref="Seal"/> produced for the same panel and field.</summary>
    /// <exception cref="CryptographicException">Another key, another row or field, or tampered with (the message names none of the secret).</exception>
    public string Open(string panelId, string field, byte[] sealedBytes)
    {
        if (sealedBytes.Length < 1 + NonceLength + TagLength || sealedBytes[0] != Version)
            throw new CryptographicException($"The stored {field} of panel {panelId} is not a ciphertext this version reads.");
        var data = new byte[sealedBytes.Length - 1 - NonceLength - TagLength];
        using var gcm = new AesGcm(masterKey, TagLength);
        try
        {
            gcm.Decrypt(sealedBytes.AsSpan(1, NonceLength), sealedBytes.AsSpan(1 + NonceLength + TagLength), sealedBytes.AsSpan(1 + NonceLength, TagLength), data, Associated(panelId, field));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"The stored {field} of panel {panelId} does not decrypt with the master key.", e);
        }
        return Encoding.UTF8.GetString(data);
    }

    private static byte[] Associated(string panelId, string field) => Encoding.UTF8.GetBytes($"{panelId}\n{field}");
}
