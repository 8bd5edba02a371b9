namespace PanelIngest.Protocol;

/// <summary>Whether a frame's command and data length are ones the receiver knows.</summary>
public enum FrameShapeCheck
{
    Fits,
    UnknownCommand,
    WrongLength,
}

/// <summary>Decides whether a command with a given number of data bytes is a frame the receiver knows.</summary>
public delegate FrameShapeCheck FrameShapeRule(byte command, int dataLength);

/// <summary>
/// The data lengths the manual gives per command, for each direction. The manual drops frames with an unknown command
/// or a length that does not suit it, and asks clients to do the same. The users commands (0xE0–0xEA) are not
/// implemented, so their answers are unknown here and dropped.
/// </summary>
public static class FrameShapes
{
    // Built once so that checking a received frame is a table look-up.
    private static readonly int[][] Answers = Table(AnswerLengthsOf);
    private static readonly int[][] Requests = Table(RequestLengthsOf);

    /// <summary>Frames a client receives from the module: answers, 0xEF results and automatic pushes.</summary>
    public static FrameShapeCheck Answer(byte command, int dataLength) => Check(Answers[command], dataLength);

    /// <summary>Frames a module receives from a client (used by the panel simulator).</summary>
    public static FrameShapeCheck Request(byte command, int dataLength) => Check(Requests[command], dataLength);

    /// <summary>Accepts every frame with a good CRC; for diagnostics.</summary>
    public static FrameShapeCheck Any(byte command, int dataLength) => FrameShapeCheck.Fits;

    /// <summary>The answer data lengths for <paramref name="command"/>; empty when the command is unknown.</summary>
    public static ReadOnlySpan<int> AnswerLengths(byte command) => Answers[command];

    /// <summary>The request data lengths for <paramref name="command"/>; empty when the command is unknown.</summary>
    public static ReadOnlySpan<int> RequestLengths(byte command) => Requests[command];

    private static int[] AnswerLengthsOf(byte command) => command switch
    {
        <= StateCommands.Last => StateCommands.AnswerLengths((StateCommand)command),
        0x7C => [12],
        0x7D => [3],
        0x7E => [14],
        0x7F => [5, 6, 7],
        0x8C => [14],
        0x8F => [21, 51],
        0xEE => [19, 20],
        0xEF => [1],
        _ => [],
    };

    private static int[] RequestLengthsOf(byte command) => command switch
    {
        <= 0x2F => [0, 1],
        0x30 or 0x31 => [0],
        0x7C or 0x7E => [0],
        0x7D => [1],
        0x7F => [0, 1, 2, 12, 14],
        >= 0x80 and <= 0x85 or >= 0xA0 and <= 0xA3 => [12],
        >= 0x86 and <= 0x89 or 0x90 or 0x91 => [24, 40],
        0x8A => [32, 48],
        0x8B => [8],
        0x8C => [3],
        0x8D => [15],
        0x8E => [22],
        0x8F => [2],
        0xEE => [2],
        _ => [],
    };

    private static int[][] Table(Func<byte, int[]> lengthsOf) =>
        Enumerable.Range(0, 256).Select(c => lengthsOf((byte)c)).ToArray();

    private static FrameShapeCheck Check(int[] lengths, int dataLength) =>
        lengths.Length == 0 ? FrameShapeCheck.UnknownCommand
        : Array.IndexOf(lengths, dataLength) >= 0 ? FrameShapeCheck.Fits
        : FrameShapeCheck.WrongLength;
}
