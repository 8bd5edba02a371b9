using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Encryption;

public sealed class EncryptedSessionTests
{
    [Fact]
    public void Seals_a_short_frame_into_the_computed_vector()
    {
        // PROTOCOL.md §4.4 [V]: key some_key, header 12 34 00 00 00 00, frame 7E, zero padded to 16.
        using var session = new EncryptedSession("some_key", Fixed(0x12, 0x34, 0x00));
        Assert.Equal(
            Hex.Bytes("10 25 28 73 91 D7 E9 C1 FC 43 B3 DE 71 52 49 2E E4"),
            session.Seal(new ReadPanelVersion().ToFrame().Encode()));
    }

    [Fact]
    public void Opens_the_c_soft_vector_after_sending_id_54()
    {
        // The c-soft PDU carries id_s 00 and id_r 54: it answers a PDU of ours with id 54.
        using var session = new EncryptedSession("some_key", Fixed(0, 0, 0x54));
        session.Seal(new ReadPanelVersion().ToFrame().Encode());
        var inner = session.Open(Hex.Bytes("43 D8 64 30 7E 6B 84 31 CD 75 59 CE 2E F9 D4 1F 26 61 5C 2F"));
        Assert.Equal(Hex.Bytes("FE FE 7F FF FF FF FF FF FF FE F0 8A FE 0D"), inner);
        Assert.Equal(
            [new SatelFrame(0x7F, Hex.Bytes("FF FF FF FF FF FF"))], new FrameDecoder(FrameShapes.Any).Decode(inner));
    }

    [Fact]
    public void A_PDU_that_does_not_echo_our_id_is_refused()
    {
        using var session = new EncryptedSession("some_key", Fixed(0, 0, 0x55));
        session.Seal(new ReadPanelVersion().ToFrame().Encode());
        Assert.Throws<EncryptedPduException>(() =>
            session.Open(Hex.Bytes("43 D8 64 30 7E 6B 84 31 CD 75 59 CE 2E F9 D4 1F 26 61 5C 2F")));
        Assert.Throws<EncryptedPduException>(() => session.Open([1, 2, 3]));
    }

    [Fact]
    public void Client_and_module_talk_through_the_reader_and_echo_each_others_ids()
    {
        using var client = new EncryptedSession("k3y", Fixed(1, 2, 0xA1));
        using var module = new EncryptedSession("k3y", Fixed(3, 4, 0xB2));
        var reader = new EncryptedPduReader();

        var request = new ReadEvent(EventLogIndex.Newest).ToFrame();
        var received = Deliver(client.Seal(request.Encode()), reader);
        Assert.Equal([request], new FrameDecoder(FrameShapes.Request).Decode(module.Open(received)));

        var answer = new ResultAnswer(ResultCode.Ok).ToFrame();
        var back = Deliver(module.Seal(answer.Encode()), reader);
        var plain = client.Open(back);
        Assert.Equal([answer], new FrameDecoder().Decode(plain));

        // The client's next PDU: counter 1, its id A1, and the module's id B2 echoed back.
        using var cipher = new SatelCipher(IntegrationKey.Derive("k3y"));
        var next = client.Seal(request.Encode());
        Assert.Equal(next.Length - 1, next[0]);
        Assert.Equal(Hex.Bytes("01 02 00 01 A1 B2"), cipher.Decrypt(next.AsSpan(1))[..6]);
    }

    [Fact]
    public void The_counter_rolls_over()
    {
        using var session = new EncryptedSession("k", Fixed(0, 0, 0));
        for (var i = 0; i < 0x10000; i++)
            session.Seal([]);
        Assert.Equal(0, session.NextCounter);
    }

    [Fact]
    public void The_reader_reassembles_PDUs_split_and_joined_anyhow()
    {
        var reader = new EncryptedPduReader();
        var pdus = new List<byte[]>();
        reader.Read([3, 1, 2], pdus);
        reader.Read([3, 2, 9], pdus);
        reader.Read([9], pdus);
        Assert.Equal([[1, 2, 3], [9, 9]], pdus);
    }

    private static byte[] Deliver(byte[] wire, EncryptedPduReader reader)
    {
        var pdus = new List<byte[]>();
        foreach (var b in wire)
            reader.Read([b], pdus);
        return Assert.Single(pdus);
    }

    private static Action<Span<byte>> Fixed(byte rand1, byte rand2, byte id) => span =>
    {
        span[0] = rand1;
        span[1] = rand2;
        span[2] = id;
    };
}
