using Domain.Panels;

namespace PanelIngest.Protocol;

/// <summary>
/// The 8-byte event record of a 0x8C answer, field by field (manual, 0x8C):
/// <code>
/// byte 1: Y Y Z E S2 S2 S1 S1   byte 5: P P P P P R C C
/// byte 2: K K K D D D D D       byte 6: c c c c c c c c
/// byte 3: M M M M T T T T       byte 7: n n n n n n n n
/// byte 4: t t t t t t t t       byte 8: S S S u u u u u
/// </code>
/// Fields are kept raw; the meaning of partition, source and user depends on the event's description kind
/// (see <see cref="EventRecordInterpreter"/>).
/// </summary>
/// <param name="YearMarker">YY: the year modulo 4; see <see cref="ResolveTime"/>.</param>
/// <param name="NotEmpty">Z: the record is not empty. In the standard log, Z = 0 marks the end of the events.</param>
/// <param name="Present">E: an event is present ("normally Z and E are both 0 or both 1").</param>
/// <param name="Day">DDDDD, 1..31 in a non-empty record.</param>
/// <param name="Month">MMMM, 1..12 in a non-empty record.</param>
/// <param name="MinuteOfDay">TTTTtttttttt: minutes since midnight.</param>
/// <param name="PartitionField">PPPPP as sent (0..31); see <see cref="PartitionNumber"/>.</param>
/// <param name="Restore">R: the event ends a condition.</param>
/// <param name="Code">CCcccccccc: the 10-bit event code (Appendix 1).</param>
/// <param name="Source">nnnnnnnn: zone, user, expander, keypad… number, by description kind.</param>
/// <param name="ObjectNumber">SSS: object 0..7.</param>
/// <param name="UserControlNumber">uuuuu; on INTEGRA 256 Plus also the zone/output offset (see <see cref="ZoneOrOutput"/>).</param>
public sealed record EventRecord(
    int YearMarker,
    bool NotEmpty,
    bool Present,
    MonitoringStatus Station1,
    MonitoringStatus Station2,
    PanelEventClass Class,
    int Day,
    int Month,
    int MinuteOfDay,
    int PartitionField,
    bool Restore,
    int Code,
    int Source,
    int ObjectNumber,
    int UserControlNumber)
{
    /// <summary>The bytes of a record.</summary>
    public const int Length = 8;

    /// <summary>
    /// PPPPP as a partition number 1..32. The manual only says "partition number"; five bits can only reach 32
    /// partitions if they count from 0, and openHAB (with a test for byte 0xF8 → partition 32) adds 1, so we do too.
    /// </summary>
    public int PartitionNumber => PartitionField + 1;

    /// <summary>The LED partition keypad address of description kind 3: R is its high bit (R×32 + PPPPP).</summary>
    public int PartitionKeypadAddress => (Restore ? 32 : 0) + PartitionField;

    /// <summary>Decodes a record. Every bit pattern is a record, so this never fails.</summary>
    public static EventRecord Read(ReadOnlySpan<byte> b) => new(
        YearMarker: b[0] >> 6,
        NotEmpty: (b[0] & 0x20) != 0,
        Present: (b[0] & 0x10) != 0,
        Station1: (MonitoringStatus)(b[0] & 0x03),
        Station2: (MonitoringStatus)((b[0] >> 2) & 0x03),
        Class: (PanelEventClass)(b[1] >> 5),
        Day: b[1] & 0x1F,
        Month: b[2] >> 4,
        MinuteOfDay: ((b[2] & 0x0F) << 8) | b[3],
        PartitionField: b[4] >> 3,
        Restore: (b[4] & 0x04) != 0,
        Code: ((b[4] & 0x03) << 8) | b[5],
        Source: b[6],
        ObjectNumber: b[7] >> 5,
        UserControlNumber: b[7] & 0x1F);

    /// <summary>Encodes the record (for the panel simulator); every field must fit its bits.</summary>
    public void WriteTo(Span<byte> b)
    {
        Fits(YearMarker, 3);
        Fits(Day, 31);
        Fits(Month, 15);
        Fits(MinuteOfDay, 0xFFF);
        Fits(PartitionField, 31);
        Fits(Code, 1023);
        Fits(Source, 255);
        Fits(ObjectNumber, 7);
        Fits(UserControlNumber, 31);
        b[0] = (byte)((YearMarker << 6) | (NotEmpty ? 0x20 : 0) | (Present ? 0x10 : 0)
            | ((int)Station2 << 2) | (int)Station1);
        b[1] = (byte)(((int)Class << 5) | Day);
        b[2] = (byte)((Month << 4) | (MinuteOfDay >> 8));
        b[3] = (byte)MinuteOfDay;
        b[4] = (byte)((PartitionField << 3) | (Restore ? 0x04 : 0) | (Code >> 8));
        b[5] = (byte)Code;
        b[6] = (byte)Source;
        b[7] = (byte)((ObjectNumber << 5) | UserControlNumber);
    }

    /// <summary>
    /// The zone or output number of a record that names one (1..128 in <see cref="Source"/>). On INTEGRA 256 Plus the
    /// manual says uuuuu = 00001 means add 128 (→ 129..256), so uuuuu is not a user control number there.
    /// </summary>
    public int ZoneOrOutput(bool integra256Plus) =>
        integra256Plus && UserControlNumber == 1 && Source is >= 1 and <= 128 ? Source + 128 : Source;

    /// <summary>
    /// The panel-local time of the event. The record has only the year modulo 4, so the year is the latest one with
    /// that remainder that does not put the event more than <paramref name="clockSkew"/> after
    /// <paramref name="panelNow"/> (default one day, so a panel clock a little ahead of ours does not move an event
    /// back four years). Null when the date fields are not a date (empty records).
    /// </summary>
    public DateTime? ResolveTime(DateTime panelNow, TimeSpan? clockSkew = null)
    {
        if (Month is < 1 or > 12 || Day < 1 || MinuteOfDay >= 24 * 60)
            return null;
        var latest = panelNow + (clockSkew ?? TimeSpan.FromDays(1));
        var year = panelNow.Year - ((panelNow.Year - YearMarker) % 4 + 4) % 4;
        if (year + 4 <= DateTime.MaxValue.Year && At(year + 4) is { } later && later <= latest)
            return later;
        // Three tries: the current cycle, the one before, and one more for 29 February in a non-leap century year.
        for (var tries = 0; tries < 3 && year > DateTime.MinValue.Year; tries++, year -= 4)
            if (At(year) is { } candidate && candidate <= latest)
                return candidate;
        return null;
    }

    private DateTime? At(int year) =>
        Day > DateTime.DaysInMonth(year, Month)
            ? null
            : new DateTime(year, Month, Day, 0, 0, 0, DateTimeKind.Unspecified).AddMinutes(MinuteOfDay);

    private static void Fits(int value, int max)
    {
        if (value < 0 || value > max)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"An event-record field here is 0..{max}.");
    }
}
