using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Framing;

public sealed class FrameDecoderTests
{
    private static readonly byte[] Clock = Hex.Bytes("FE FE 1A 20 17 08 07 23 59 22 00 A3 34 70 FE 0D");
    private static readonly SatelFrame ClockFrame = new(0x1A, Hex.Bytes("20 17 08 07 23 59 22 00 A3"));

    [Fact]
    public void Decodes_a_frame_fed_one_byte_at_a_time()
    {
        var decoder = new FrameDecoder();
        var frames = new List<SatelFrame>();
        foreach (var b in Clock)
            decoder.Decode([b], frames);
        Assert.Equal([ClockFrame], frames);
        Assert.Equal(1, decoder.FramesDecoded);
    }

    [Fact]
    public void Decodes_frames_pushed_back_to_back_and_between_garbage()
    {
        var input = Hex.Bytes("00 11 FE 0D").Concat(Clock).Concat(Hex.Bytes("AA")).Concat(Clock).ToArray();
        Assert.Equal([ClockFrame, ClockFrame], new FrameDecoder().Decode(input));
    }

    [Theory]
    [InlineData("FE FE 1A 20 17 08 07 23 59 22 00 A3 34 71 FE 0D", FrameDropReason.BadCrc)]
    [InlineData("FE FE 1A 20 FE FE", FrameDropReason.Interrupted)]
    [InlineData("FE FE 1A 20 FE 01", FrameDropReason.Interrupted)]
    [InlineData("FE FE 1A 20 FE 0D", FrameDropReason.TooShort)]
    [InlineData("FE FE 1A FE 0D", FrameDropReason.TooShort)]
    [InlineData("FE FE E0 12 34 FF FF 8A 9B FE 0D", FrameDropReason.UnknownCommand)] // a users command: not implemented
    [InlineData("FE FE 09 D7 EB FE 0D", FrameDropReason.WrongLength)] // a request, not an answer of 4 bytes
    public void Drops_frames_it_cannot_accept_and_says_why(string input, FrameDropReason reason)
    {
        var reported = new List<FrameDropReason>();
        var decoder = new FrameDecoder(onDropped: reported.Add);
        Assert.Empty(decoder.Decode(Hex.Bytes(input)));
        Assert.Equal([reason], reported);
        Assert.Equal(1, decoder.DroppedFor(reason));
        Assert.Equal(1, decoder.FramesDropped);
    }

    [Fact]
    public void A_dropped_frame_does_not_disturb_the_next()
    {
        var decoder = new FrameDecoder();
        var input = Hex.Bytes("FE FE 1A 20 17 08 07 23 59 22 00 A3 34 71 FE 0D").Concat(Clock).ToArray();
        Assert.Equal([ClockFrame], decoder.Decode(input));
        Assert.Equal(1, decoder.DroppedFor(FrameDropReason.BadCrc));
    }

    [Fact]
    public void Request_shapes_accept_requests()
    {
        var decoder = new FrameDecoder(FrameShapes.Request);
        Assert.Equal([new SatelFrame(0x09, [])], decoder.Decode(Hex.Bytes("FE FE 09 D7 EB FE 0D")));
    }

    [Fact]
    public void Accepts_an_unsolicited_event_record()
    {
        // HA core #169738: an ETHM-1 Plus pushed a 0x8C frame nobody asked for.
        var frames = new FrameDecoder().Decode(
            Hex.Bytes("fefe8cbfc554c287fb030103589603509639c0fe0d"));
        Assert.Equal(0x8C, Assert.Single(frames).Command);
    }
}
