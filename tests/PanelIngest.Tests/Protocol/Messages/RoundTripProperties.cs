using FsCheck;
using FsCheck.Fluent;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

/// <summary>Every request and answer survives typed value → frame → wire → decoder → parser.</summary>
public sealed class RoundTripProperties
{
    [Fact]
    public void Every_request_round_trips() =>
        Check.One(Generators.Config.WithMaxTest(2000), Prop.ForAll(MessageGenerators.Request.ToArbitrary(), request =>
        {
            var frame = Assert.Single(new FrameDecoder(FrameShapes.Request).Decode(request.ToFrame().Encode()));
            return RequestParser.Parse(frame).Equals(request);
        }));

    [Fact]
    public void Every_answer_round_trips() =>
        Check.One(Generators.Config.WithMaxTest(2000), Prop.ForAll(MessageGenerators.Answer.ToArbitrary(), answer =>
        {
            var frame = Assert.Single(new FrameDecoder(FrameShapes.Answer).Decode(answer.ToFrame().Encode()));
            return AnswerParser.Default.Parse(frame).Equals(answer);
        }));

    [Fact]
    public void Every_event_record_round_trips() =>
        Check.One(Generators.Config, Prop.ForAll(MessageGenerators.Record.ToArbitrary(), record =>
        {
            var bytes = new byte[EventRecord.Length];
            record.WriteTo(bytes);
            return EventRecord.Read(bytes).Equals(record);
        }));

    [Fact]
    public void Any_well_shaped_answer_frame_parses_or_throws_only_protocol_errors() =>
        Check.One(Generators.Config.WithMaxTest(2000), Prop.ForAll(Generators.AnswerFrame.ToArbitrary(), frame =>
        {
            try
            {
                AnswerParser.Default.Parse(frame);
            }
            catch (ProtocolException)
            {
            }
            return true;
        }));
}
