using FsCheck;
using FsCheck.Fluent;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol;

/// <summary>FsCheck generators shared by the property tests.</summary>
internal static class Generators
{
    public static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    public static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(i => (byte)i);

    /// <summary>Bytes with the protocol's special values (FE, F0, 0D) much more likely than by chance.</summary>
    public static Gen<byte> SoupByte => Gen.Frequency(
        (3, Gen.Elements<byte>(0xFE, 0xF0, 0x0D)),
        (5, AnyByte));

    public static Gen<byte[]> Soup(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => SoupByte.ArrayOf(n));

    public static Gen<byte[]> Bytes(int length) => AnyByte.ArrayOf(length);

    /// <summary>A frame the decoder accepts as an answer: a known command with one of its lengths, random data.</summary>
    public static Gen<SatelFrame> AnswerFrame =>
        from command in Gen.Elements(Enumerable.Range(0, 256).Where(c => !FrameShapes.AnswerLengths((byte)c).IsEmpty))
        from length in Gen.Elements(FrameShapes.AnswerLengths((byte)command).ToArray())
        from data in SoupByte.ArrayOf(length)
        select new SatelFrame((byte)command, data);

    /// <summary>Any frame at all: any command but FE, any data up to the longest body.</summary>
    public static Gen<SatelFrame> AnyFrame =>
        from command in AnyByte.Where(c => c != FrameEncoder.SpecialByte)
        from length in Gen.Choose(0, FrameSynchronizer.MaxBodyLength - 3)
        from data in SoupByte.ArrayOf(length)
        select new SatelFrame(command, data);

    /// <summary>Cuts <paramref name="bytes"/> into chunks at random places, as TCP may.</summary>
    public static Gen<List<byte[]>> Chunks(byte[] bytes) =>
        Gen.Choose(1, 17).ArrayOf(bytes.Length / 2 + 1).Select(sizes =>
        {
            var chunks = new List<byte[]>();
            var at = 0;
            foreach (var size in sizes)
            {
                if (at >= bytes.Length)
                    break;
                var n = Math.Min(size, bytes.Length - at);
                chunks.Add(bytes[at..(at + n)]);
                at += n;
            }
            if (at < bytes.Length)
                chunks.Add(bytes[at..]);
            return chunks;
        });
}
