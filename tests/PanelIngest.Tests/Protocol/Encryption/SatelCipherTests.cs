using FsCheck;
using FsCheck.Fluent;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Encryption;

public sealed class SatelCipherTests
{
    [Fact]
    public void Reproduces_the_c_soft_vector_one_block_and_a_4_byte_tail()
    {
        using var cipher = new SatelCipher(IntegrationKey.Derive("some_key"));
        var plain = Hex.Bytes("52 3D 00 03 00 54 FE FE 7F FF FF FF FF FF FF FE F0 8A FE 0D");
        var encrypted = Hex.Bytes("43 D8 64 30 7E 6B 84 31 CD 75 59 CE 2E F9 D4 1F 26 61 5C 2F");
        Assert.Equal(encrypted, cipher.Encrypt(plain));
        Assert.Equal(plain, cipher.Decrypt(encrypted));
    }

    [Fact]
    public void The_chaining_value_starts_as_AES_of_zero()
    {
        // Encrypting a zero block XORs it with CV = AES(0), then encrypts: so the result is AES(AES(0)), and
        // decrypting it with plain AES gives back the [V] intermediate AES(0).
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = IntegrationKey.Derive("some_key");
        using var cipher = new SatelCipher(aes.Key);
        var once = aes.DecryptEcb(cipher.Encrypt(new byte[16]), System.Security.Cryptography.PaddingMode.None);
        Assert.Equal(Hex.Bytes("B0 87 A0 57 8B 01 9C 43 AA D1 A5 81 82 80 FE 04"), once);

        aes.Key = IntegrationKey.Derive("abcdefgh");
        using var other = new SatelCipher(aes.Key);
        Assert.Equal(
            Hex.Bytes("F2 8C 16 02 A3 5A B7 7C 08 5F 79 AE 7A 67 DC 71"),
            aes.DecryptEcb(other.Encrypt(new byte[16]), System.Security.Cryptography.PaddingMode.None));
    }

    [Fact]
    public void Decrypt_undoes_encrypt_for_any_length()
    {
        using var cipher = new SatelCipher(IntegrationKey.Derive("key"));
        var plain = Gen.Choose(0, 255).SelectMany(Generators.Bytes);
        Check.One(Generators.Config, Prop.ForAll(plain.ToArbitrary(), p =>
            cipher.Decrypt(cipher.Encrypt(p)).AsSpan().SequenceEqual(p)));
    }
}
