using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

// What the panel answers to reads: state (Part 1), its version, names and event texts.
public sealed partial class SimulatedPanel
{
    // INTEGRA firmware 1.21 of 2020-03-12: a plausible current version; clients only log it.
    private static readonly FirmwareVersion Firmware = new(1, 21, new DateOnly(2020, 3, 12));

    /// <summary>The 0x7E answer: type, firmware, English, settings in FLASH.</summary>
    public PanelVersionAnswer Version => new((byte)Definition.Model, Firmware, 1, true);

    /// <summary>
    /// The answer to a state read. Zone and output bitmaps are 32 bytes for the 2-byte form (when the module serves
    /// it), else 16; objects the panel does not have are zero, as the manual says.
    /// </summary>
    public SatelAnswer ReadState(StateCommand command, bool extended)
    {
        var width = extended ? 32 : 16;
        lock (gate)
        {
            return StateCommands.ShapeOf(command) switch
            {
                StateAnswerShape.ClockAndStatus => ClockAndStatus(),
                StateAnswerShape.Troubles => Troubles(command),
                StateAnswerShape.Doors => new StateBitmapAnswer(command, ObjectSet.Of(8)),
                StateAnswerShape.Zones or StateAnswerShape.Outputs =>
                    new StateBitmapAnswer(command, BitsOf(command)?.ToObjectSet(width) ?? ObjectSet.Of(width)),
                _ => new StateBitmapAnswer(command, BitsOf(command)?.ToObjectSet(4) ?? ObjectSet.Of(4)),
            };
        }
    }

    /// <summary>The 0xEE answer, or null for a device the panel does not have (the module then answers 0xEF 08).</summary>
    public DeviceNameAnswer? ReadDeviceName(DeviceKind kind, int number) => kind switch
    {
        DeviceKind.Partition when Find(Definition.Partitions, p => p.Number == number) is { } p =>
            new DeviceNameAnswer(kind, number, 0, Fit(p.Name), null),
        DeviceKind.PartitionWithObject when Find(Definition.Partitions, p => p.Number == number) is { } p =>
            new DeviceNameAnswer(kind, number, 0, Fit(p.Name), 1),
        DeviceKind.Zone when zones[number] is { } z => new DeviceNameAnswer(kind, number, 1, Fit(z.Name), null),
        DeviceKind.ZoneWithPartition when zones[number] is { } z =>
            new DeviceNameAnswer(kind, number, 1, Fit(z.Name), (byte)z.Partition),
        DeviceKind.User when Find(Definition.Users, u => u.Number == number) is { } u =>
            new DeviceNameAnswer(kind, number, 0, Fit(u.Name), (byte)(Definition.Users.ToList().IndexOf(u) % 32 + 128)),
        DeviceKind.Output when Find(Definition.Outputs, o => o.Number == number) is { } o =>
            new DeviceNameAnswer(kind, number, 1, Fit(o.Name), null),
        _ => null,
    };

    /// <summary>The 0x8F answer from the manual's Appendix 1 (the short-description kind bits are not modelled: 0).</summary>
    public static EventTextAnswer ReadEventText(int code, bool restore, bool longText)
    {
        var row = EventCodeTable.FindNearest(code, restore);
        var text = row?.Text ?? "";
        var length = longText ? 46 : 16;
        return new EventTextAnswer(
            code, restore, longText, row?.LongKind ?? LongDescriptionKind.None, 0,
            text.Length > length ? text[..length] : text);
    }

    private ObjectBits? BitsOf(StateCommand command) => command switch
    {
        StateCommand.ZonesViolation => state.Violated,
        StateCommand.ZonesTamper => state.Tamper,
        StateCommand.ZonesAlarm => state.ZoneAlarm,
        StateCommand.ZonesTamperAlarm => state.ZoneTamperAlarm,
        StateCommand.ZonesAlarmMemory => state.ZoneAlarmMemory,
        StateCommand.ZonesTamperAlarmMemory => state.ZoneTamperAlarmMemory,
        StateCommand.ZonesBypass => state.Bypassed,
        StateCommand.ZonesIsolate => state.Isolated,
        // "For INTEGRA v1.12 and newer, both 0x09 and 0x0A indicate really armed partitions."
        StateCommand.ArmedPartitionsSuppressed or StateCommand.ArmedPartitionsReally => state.Armed,
        StateCommand.PartitionsArmedInMode1 => state.ArmedMode1,
        StateCommand.PartitionsArmedInMode2 => state.ArmedMode2,
        StateCommand.PartitionsArmedInMode3 => state.ArmedMode3,
        StateCommand.PartitionsAlarm => state.PartitionAlarm,
        StateCommand.PartitionsAlarmMemory => state.PartitionAlarmMemory,
        StateCommand.PartitionsWithViolatedZones => PartitionsWithViolatedZones(),
        StateCommand.OutputsState => state.Outputs,
        _ => null,
    };

    private ObjectBits PartitionsWithViolatedZones()
    {
        var bits = new ObjectBits();
        foreach (var zone in Definition.Zones)
            if (state.Violated[zone.Number])
                bits[zone.Partition] = true;
        return bits;
    }

    private ClockAndStatusAnswer ClockAndStatus()
    {
        var now = Clock();
        return new ClockAndStatusAnswer(
            now, DayOfWeek: ((int)now.DayOfWeek + 6) % 7, ServiceMode: false, Troubles: state.AcTrouble,
            Acu100Present: false, IntRxPresent: false, TroublesMemory: state.AcTroubleMemory, Grade23: false,
            PanelType: TypeNibble(Definition.Model));
    }

    // Troubles part 1 carries the AC trouble in system-troubles byte 1, bit 7 (offset 40); every other bit is clear.
    private TroublesAnswer Troubles(StateCommand part)
    {
        var data = new byte[StateCommands.AnswerLengths(part)[0]];
        if ((part == StateCommand.TroublesPart1 && state.AcTrouble) || (part == StateCommand.TroublesMemoryPart1 && state.AcTroubleMemory))
            data[40] = 0x80;
        return new TroublesAnswer(part, data);
    }

    // The 0x1A type nibble: 0 = 24, 1 = 32, 2 = 64 (Plus), 3 = 128 (Plus), 4 = 128-WRL, 8 = 256 Plus.
    private static int TypeNibble(PanelModel model) => model switch
    {
        PanelModel.Integra24 => 0,
        PanelModel.Integra32 => 1,
        PanelModel.Integra64 or PanelModel.Integra64Plus => 2,
        PanelModel.Integra128 or PanelModel.Integra128Plus => 3,
        PanelModel.Integra128Wrl => 4,
        _ => 8,
    };

    private static T? Find<T>(IReadOnlyList<T> items, Func<T, bool> match) where T : class => items.FirstOrDefault(match);

    // Names are 16 characters on the panel.
    private static string Fit(string name) => name.Length > 16 ? name[..16] : name;
}
