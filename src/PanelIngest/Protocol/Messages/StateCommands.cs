namespace PanelIngest.Protocol;

/// <summary>Facts about each <see cref="StateCommand"/> from the manual's Part 1 table.</summary>
public static class StateCommands
{
    /// <summary>The first and last state commands; 0x30/0x31 need a module with 0x7C capability bit 1.</summary>
    public const byte First = 0x00, Last = 0x31;

    /// <summary>Whether <paramref name="command"/> is a state read.</summary>
    public static bool IsStateCommand(byte command) => command <= Last;

    /// <summary>What the command answers with.</summary>
    public static StateAnswerShape ShapeOf(StateCommand command) => command switch
    {
        <= StateCommand.ZonesLongViolationTrouble or StateCommand.ZonesIsolate
            or StateCommand.ZonesMasked or StateCommand.ZonesMaskedMemory => StateAnswerShape.Zones,
        StateCommand.OutputsState => StateAnswerShape.Outputs,
        StateCommand.DoorsOpened or StateCommand.DoorsOpenedLong => StateAnswerShape.Doors,
        StateCommand.ClockAndStatus => StateAnswerShape.ClockAndStatus,
        >= StateCommand.TroublesPart1 and <= StateCommand.TroublesMemoryPart5
            or >= StateCommand.TroublesPart6 => StateAnswerShape.Troubles,
        _ => StateAnswerShape.Partitions,
    };

    /// <summary>
    /// The answer data lengths. Zone and output bitmaps come as 16 bytes (objects 1–128) for the 1-byte command and
    /// 32 bytes (1–256) for the 2-byte form; troubles parts have the fixed lengths of the manual.
    /// </summary>
    public static int[] AnswerLengths(StateCommand command) => ShapeOf(command) switch
    {
        StateAnswerShape.Zones or StateAnswerShape.Outputs => [16, 32],
        StateAnswerShape.Partitions => [4],
        StateAnswerShape.Doors => [8],
        StateAnswerShape.ClockAndStatus => [9],
        _ => [TroublesLength(command)],
    };

    private static int TroublesLength(StateCommand command) => command switch
    {
        StateCommand.TroublesPart1 or StateCommand.TroublesMemoryPart1 => 47,
        StateCommand.TroublesPart2 => 26,
        StateCommand.TroublesMemoryPart2 => 39,
        StateCommand.TroublesPart3 or StateCommand.TroublesMemoryPart3 => 60,
        StateCommand.TroublesPart4 or StateCommand.TroublesMemoryPart4 => 30,
        StateCommand.TroublesPart5 => 31,
        StateCommand.TroublesMemoryPart5 => 48,
        StateCommand.TroublesPart6 or StateCommand.TroublesMemoryPart6 => 45,
        StateCommand.TroublesPart7 => 47,
        StateCommand.TroublesMemoryPart7 => 48,
        _ => 64,
    };
}
