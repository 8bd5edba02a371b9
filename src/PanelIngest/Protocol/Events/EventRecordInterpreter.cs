namespace PanelIngest.Protocol;

/// <summary>
/// Turns a 0x8C answer into <see cref="PanelEventFacts"/>: the kind from <see cref="EventKindClassifier"/>, the text
/// from <see cref="EventCodeTable"/>, and partition, zone and user read as the code's description kind says
/// (Appendix 2). Fields a kind does not name are left null, because their bits mean something else there.
/// </summary>
public static class EventRecordInterpreter
{
    /// <summary>
    /// The facts of <paramref name="answer"/>, or null for an empty record (Z = 0: the end of the standard log).
    /// </summary>
    /// <param name="panelNow">The panel's clock now (from 0x1A, or ours), to resolve the year modulo 4.</param>
    /// <param name="integra256Plus">Whether the panel is an INTEGRA 256 Plus, where uuuuu = 1 moves zones up by 128.</param>
    /// <exception cref="MalformedFrameException">A non-empty record whose date is not a date.</exception>
    public static PanelEventFacts? Interpret(EventRecordAnswer answer, DateTime panelNow, bool integra256Plus)
    {
        var r = answer.Record;
        if (!r.NotEmpty)
            return null;
        var time = r.ResolveTime(panelNow)
            ?? throw new MalformedFrameException(0x8C, $"day {r.Day}, month {r.Month}, minute {r.MinuteOfDay} is no time.");
        var row = EventCodeTable.FindNearest(r.Code, r.Restore);
        var kind = row?.LongKind ?? LongDescriptionKind.None;
        return new PanelEventFacts(
            answer.Previous.ToString(),
            time,
            r.Code,
            r.Restore,
            r.Class,
            EventKindClassifier.Classify(r.Code, r.Restore),
            NamesPartition(kind) ? r.PartitionNumber : null,
            NamesZone(kind) && r.Source is >= 1 and <= 128 ? r.ZoneOrOutput(integra256Plus) : null,
            NamesUser(kind) && r.Source > 0 ? r.Source : null,
            r.Source,
            row?.Text ?? $"Event code {r.Code}{(r.Restore ? " (restore)" : "")}");
    }

    // Kind 13 is left out: Appendix 2 says its partition does not matter for outputs, the only thing it names.
    private static bool NamesPartition(LongDescriptionKind kind) => kind is
        LongDescriptionKind.PartitionZoneExpanderOrKeypad or LongDescriptionKind.PartitionUser
        or LongDescriptionKind.Partition or LongDescriptionKind.PartitionDataBus
        or LongDescriptionKind.PartitionOutputOrExpander or LongDescriptionKind.PartitionTimer or LongDescriptionKind.PartitionZoneOrAbaxOutput;

    // Source 1..128 is a zone for these kinds; 129.. are expanders and keypads.
    private static bool NamesZone(LongDescriptionKind kind) => kind is
        LongDescriptionKind.PartitionZoneExpanderOrKeypad or LongDescriptionKind.ZoneExpanderOrKeypad
        or LongDescriptionKind.PartitionZoneOrAbaxOutput;

    private static bool NamesUser(LongDescriptionKind kind) => kind is
        LongDescriptionKind.PartitionUser or LongDescriptionKind.PartitionKeypadUser or LongDescriptionKind.KeypadUser
        or LongDescriptionKind.User or LongDescriptionKind.TelephoneUser;
}
