using System.Globalization;
using System.Text;

namespace PanelIngest.Protocol;

/// <summary>
/// Reads a received request frame into its <see cref="SatelRequest"/> (the module's side: the panel simulator, and
/// round-trip tests). Throws only <see cref="MalformedFrameException"/>.
/// </summary>
public static class RequestParser
{
    /// <summary>The request <paramref name="frame"/> carries.</summary>
    /// <exception cref="MalformedFrameException">Unknown command, wrong length or impossible field.</exception>
    public static SatelRequest Parse(SatelFrame frame)
    {
        var cmd = frame.Command;
        var data = frame.Data;
        switch (FrameShapes.Request(cmd, data.Length))
        {
            case FrameShapeCheck.UnknownCommand:
                throw new MalformedFrameException(cmd, "not a request this codec knows.");
            case FrameShapeCheck.WrongLength:
                throw new MalformedFrameException(cmd, $"{data.Length} data bytes do not suit this request.");
        }
        return cmd switch
        {
            <= StateCommands.Last => new ReadState((StateCommand)cmd, data.Length == 1),
            0x7C => new ReadModuleVersion(),
            0x7E => new ReadPanelVersion(),
            0x7D => new ReadZoneTemperature(data[0] == 0 ? 256 : data[0]),
            0x7F when data.Length <= 2 => new PollNewData(data.Length),
            0x7F => new SetAutomaticMode(
                StateCommandSet.FromBitmap(data[..(data.Length / 2)]),
                StateCommandSet.FromBitmap(data[(data.Length / 2)..])),
            0x8C => new ReadEvent(EventLogIndex.Read(data)),
            0x8F => new ReadEventText(((data[0] & 0x03) << 8) | data[1], (data[0] & 0x04) != 0, (data[0] & 0x80) != 0),
            0xEE => new ReadDeviceName((DeviceKind)data[0], data[1] == 0 ? 256 : data[1]),
            _ => ParseControl(cmd, data),
        };
    }

    private static SatelRequest ParseControl(byte cmd, ReadOnlySpan<byte> data)
    {
        var code = UserCode.Read(data[..UserCode.Length], cmd);
        var rest = data[UserCode.Length..];
        return cmd switch
        {
            >= 0x80 and <= 0x85 or >= 0xA0 and <= 0xA3 =>
                new ControlPartitions((PartitionControl)cmd, code, ObjectSet.FromBitmap(rest)),
            0x86 or 0x87 or 0x90 => new ControlZones((ZoneControl)cmd, code, ObjectSet.FromBitmap(rest)),
            0x88 or 0x89 or 0x91 => new ControlOutputs((OutputControl)cmd, code, ObjectSet.FromBitmap(rest)),
            0x8A => new OpenDoor(code, ObjectSet.FromBitmap(rest[..^8]), ObjectSet.FromBitmap(rest[^8..])),
            0x8B => new ClearTroubleMemory(code),
            0x8D => new EnterFirstCode(
                code, ObjectSet.FromBitmap(rest[..4]), rest[4] | (rest[5] << 8), FirstCodeAction(cmd, rest[6])),
            _ => new SetClock(code, Clock(cmd, rest)),
        };
    }

    private static FirstCodeAction FirstCodeAction(byte cmd, byte action) => action <= 2
        ? (FirstCodeAction)action
        : throw new MalformedFrameException(cmd, $"{action} is not a 1st-code action (0 arm, 1 disarm, 2 cancel).");

    private static DateTime Clock(byte cmd, ReadOnlySpan<byte> ascii) =>
        DateTime.TryParseExact(Encoding.ASCII.GetString(ascii), SetClock.Format, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var time)
            ? time
            : throw new MalformedFrameException(cmd, "the clock is not yyyyMMddHHmmss.");
}
