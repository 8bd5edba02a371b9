using FsCheck;
using FsCheck.Fluent;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Framing;

public sealed class FrameDecoderProperties
{
    [Fact]
    public void Any_frame_survives_encode_then_decode() =>
        Check.One(Generators.Config, Prop.ForAll(Generators.AnyFrame.ToArbitrary(), frame =>
            new FrameDecoder(FrameShapes.Any).Decode(frame.Encode()).SequenceEqual([frame])));

    [Fact]
    public void Byte_soup_never_throws_and_what_it_yields_parses_or_throws_only_protocol_errors() =>
        Check.One(Generators.Config, Prop.ForAll(Generators.Soup(600).ToArbitrary(), soup =>
        {
            foreach (var frame in new FrameDecoder(FrameShapes.Any).Decode(soup))
            {
                try
                {
                    AnswerParser.Default.Parse(frame);
                }
                catch (ProtocolException)
                {
                }
            }
            return true;
        }));

    /// <summary>
    /// No garbage can swallow a following good frame: every frame starts with <c>FE FE</c>, and <c>FE FE</c>
    /// resynchronises from every receiver state (waiting: it is the sync; inside a frame: rule 1; after an FE inside
    /// a frame: FE FE again, rule 1 or 5), and further FEs are skipped while waiting for the command (rule 2). So even
    /// garbage ending in FE, in <c>FE FE</c>, or in the middle of a half frame leaves the good frame intact. The only
    /// caveat is that garbage may itself contain a well-formed frame, so the good frame must be the last one out.
    /// </summary>
    [Fact]
    public void Garbage_before_a_good_frame_never_loses_it()
    {
        var cases =
            from garbage in Generators.Soup(300)
            from frame in Generators.AnswerFrame
            select (garbage, frame);
        Check.One(Generators.Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var frames = new FrameDecoder().Decode([.. c.garbage, .. c.frame.Encode()]);
            return frames.Count > 0 && frames[^1].Equals(c.frame);
        }));
    }

    [Fact]
    public void Chunking_never_changes_what_is_decoded()
    {
        var cases =
            from garbage in Generators.Soup(100)
            from frames in Generators.AnswerFrame.ArrayOf(3)
            let bytes = garbage.Concat(frames.SelectMany(f => f.Encode())).ToArray()
            from chunks in Generators.Chunks(bytes)
            select (bytes, chunks);
        Check.One(Generators.Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var whole = new FrameDecoder().Decode(c.bytes);
            var decoder = new FrameDecoder();
            var pieces = new List<SatelFrame>();
            foreach (var chunk in c.chunks)
                decoder.Decode(chunk, pieces);
            return whole.SequenceEqual(pieces);
        }));
    }
}
