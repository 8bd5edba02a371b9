using System.Text;

namespace PanelIngest.Protocol;

/// <summary>
/// Reads a frame received from the module into its <see cref="SatelAnswer"/>. Throws only
/// <see cref="MalformedFrameException"/>: for an unknown command, a wrong length, or a field the manual rules out.
/// </summary>
/// <param name="text">The panel's code page for names and event texts; cp1250 by default.</param>
public sealed class AnswerParser(Encoding? text = null)
{
    private readonly Encoding text = text ?? SatelText.Cp1250;

    /// <summary>A parser for cp1250 panels.</summary>
    public static AnswerParser Default { get; } = new();

    /// <summary>The answer <paramref name="frame"/> carries.</summary>
    /// <exception cref="MalformedFrameException">The frame is not an answer the manual describes.</exception>
    public SatelAnswer Parse(SatelFrame frame)
    {
        var cmd = frame.Command;
        var data = frame.Data;
        switch (FrameShapes.Answer(cmd, data.Length))
        {
            case FrameShapeCheck.UnknownCommand:
                throw new MalformedFrameException(cmd, "not an answer this codec knows.");
            case FrameShapeCheck.WrongLength:
                throw new MalformedFrameException(cmd, $"{data.Length} data bytes do not suit this answer.");
        }
        return cmd switch
        {
            <= StateCommands.Last => ParseState((StateCommand)cmd, data),
            0x7C => new ModuleVersionAnswer(FirmwareVersion.Read(data, cmd), data[11]),
            0x7D => new ZoneTemperatureAnswer(data[0] == 0 ? 256 : data[0], (ushort)((data[1] << 8) | data[2])),
            0x7E => new PanelVersionAnswer(data[0], FirmwareVersion.Read(data[1..], cmd), data[12], data[13] == 0xFF),
            0x7F => new NewDataAnswer(StateCommandSet.FromBitmap(data)),
            0x8C => new EventRecordAnswer(
                EventRecord.Read(data), EventLogIndex.Read(data[8..]), EventLogIndex.Read(data[11..])),
            0x8F => ParseEventText(data),
            0xEE => new DeviceNameAnswer(
                (DeviceKind)data[0], data[1] == 0 ? 256 : data[1], data[2], SatelText.Decode(data[3..19], text),
                data.Length == 20 ? data[19] : null),
            _ => new ResultAnswer((ResultCode)data[0]),
        };
    }

    private static SatelAnswer ParseState(StateCommand state, ReadOnlySpan<byte> data) =>
        StateCommands.ShapeOf(state) switch
        {
            StateAnswerShape.ClockAndStatus => ParseClock(data),
            StateAnswerShape.Troubles => new TroublesAnswer(state, data.ToArray()),
            _ => new StateBitmapAnswer(state, ObjectSet.FromBitmap(data)),
        };

    private static ClockAndStatusAnswer ParseClock(ReadOnlySpan<byte> d)
    {
        Span<int> v = stackalloc int[7];
        for (var i = 0; i < 7; i++)
            if ((v[i] = Bcd.Value(d[i])) < 0)
                throw new MalformedFrameException(0x1A, $"clock byte {d[i]:X2} is not BCD.");
        var year = v[0] * 100 + v[1];
        if (year < 1 || v[2] is < 1 or > 12 || v[3] < 1 || v[3] > DateTime.DaysInMonth(year, v[2])
            || v[4] > 23 || v[5] > 59 || v[6] > 59)
            throw new MalformedFrameException(0x1A, "the clock is not a date and time.");
        return new ClockAndStatusAnswer(
            new DateTime(year, v[2], v[3], v[4], v[5], v[6], DateTimeKind.Unspecified),
            DayOfWeek: d[7] & 0x07,
            ServiceMode: (d[7] & 0x80) != 0,
            Troubles: (d[7] & 0x40) != 0,
            Acu100Present: (d[8] & 0x80) != 0,
            IntRxPresent: (d[8] & 0x40) != 0,
            TroublesMemory: (d[8] & 0x20) != 0,
            Grade23: (d[8] & 0x10) != 0,
            PanelType: d[8] & 0x0F);
    }

    private EventTextAnswer ParseEventText(ReadOnlySpan<byte> d)
    {
        var isLong = (d[0] & 0x80) != 0;
        if (isLong != (d.Length == 51))
            throw new MalformedFrameException(0x8F, "the text length does not match the short/long bit it echoes.");
        return new EventTextAnswer(
            ((d[0] & 0x03) << 8) | d[1], (d[0] & 0x04) != 0, isLong, (LongDescriptionKind)d[2],
            (ushort)((d[3] << 8) | d[4]), SatelText.Decode(d[5..], text));
    }
}
