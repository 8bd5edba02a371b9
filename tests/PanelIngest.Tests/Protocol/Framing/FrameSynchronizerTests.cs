using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Framing;

/// <summary>The manual's rules for 0xFE, with majektom-proto decoder.test.js as the conformance table (PROTOCOL.md §1.2).</summary>
public sealed class FrameSynchronizerTests
{
    [Theory]
    [InlineData("FE FE 01 FE 0D", "01")]
    [InlineData("FE FE 01 02 FE 0D FE FE 03 04 FE 0D", "0102|0304")]
    [InlineData("FE FE 01 02 FE 0D AA AB FE FE 03 04 FE 0D", "0102|0304")] // garbage between frames is ignored
    [InlineData("FE FE 01 FE F0 02 FE 0D", "01FE02")]
    [InlineData("FE FE 01 FE F0 FE 0D", "01FE")]
    [InlineData("FE FE FE FE F0 FE 0D", "F0")] // extra FEs before the command are skipped, so F0 is data
    [InlineData("FE FE 01 FE FE 02 FE 0D", "02")] // FE FE resyncs
    [InlineData("FE FE 01 FE 02 FE 0D FE FE 03 FE 0D", "03")] // FE + a normal byte aborts the frame
    [InlineData("FE 01 FE 02 FE 0D FE FE 03 FE 0D", "03")] // a single FE does not start a frame
    [InlineData("FE FE FE 03 FE 0D", "03")]
    public void Follows_the_conformance_table(string input, string expected) =>
        Assert.Equal(expected, string.Join('|', Bodies(Hex.Bytes(input))));

    [Fact]
    public void Reports_interrupted_frames()
    {
        var sync = new FrameSynchronizer();
        var steps = Hex.Bytes("FE FE 01 FE FE 02 FE 0D").Select(sync.Push).ToList();
        Assert.Equal([SyncStep.FrameInterrupted, SyncStep.FrameEnded], steps.Where(s => s != SyncStep.None));
    }

    [Fact]
    public void Abandons_a_frame_that_never_ends()
    {
        var sync = new FrameSynchronizer();
        var steps = new List<SyncStep> { sync.Push(0xFE), sync.Push(0xFE) };
        steps.AddRange(Enumerable.Repeat((byte)0x01, FrameSynchronizer.MaxBodyLength + 1).Select(sync.Push));
        Assert.Equal([SyncStep.FrameTooLong], steps.Where(s => s != SyncStep.None));
        Assert.Equal(["03"], Bodies(Hex.Bytes("FE FE 03 FE 0D"), sync));
    }

    private static List<string> Bodies(byte[] input, FrameSynchronizer? sync = null)
    {
        sync ??= new FrameSynchronizer();
        var bodies = new List<string>();
        foreach (var b in input)
            if (sync.Push(b) == SyncStep.FrameEnded)
                bodies.Add(Hex.Of(sync.Body));
        return bodies;
    }
}
