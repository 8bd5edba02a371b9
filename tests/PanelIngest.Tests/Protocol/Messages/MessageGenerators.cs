using Domain.Panels;
using FsCheck;
using FsCheck.Fluent;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

/// <summary>Generators of every request and answer the codec knows, within the ranges the manual allows.</summary>
internal static class MessageGenerators
{
    private static Gen<bool> Bool => Gen.Elements(true, false);

    private static Gen<UserCode> Code =>
        Gen.Choose(1, 16).SelectMany(n => Gen.Choose(0, 9).ArrayOf(n)).Select(d => UserCode.Parse(string.Concat(d)));

    private static Gen<ObjectSet> Set(params int[] widths) =>
        from width in Gen.Elements(widths)
        from bitmap in Generators.Bytes(width)
        select ObjectSet.FromBitmap(bitmap);

    private static Gen<StateCommandSet> Commands(int width) => Generators.Bytes(width).Select(b =>
    {
        if (width == 7)
            b[6] &= 0x03; // only 0x30 and 0x31 exist beyond 0x2F
        return StateCommandSet.FromBitmap(b);
    });

    private static Gen<DateTime> Time =>
        from days in Gen.Choose(0, 365 * 80)
        from seconds in Gen.Choose(0, 86399)
        select new DateTime(2000, 1, 1).AddDays(days).AddSeconds(seconds);

    private static Gen<FirmwareVersion> Version =>
        from major in Gen.Choose(0, 9)
        from minor in Gen.Choose(0, 99)
        from days in Gen.Choose(0, 365 * 40)
        select new FirmwareVersion(major, minor, new DateOnly(2000, 1, 1).AddDays(days));

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 -.ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";

    // Names lose their trailing spaces to the padding, so generated ones never end in a space.
    private static Gen<string> Text(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.Elements(Alphabet.ToCharArray()).ArrayOf(n))
            .Select(c => new string(c).TrimEnd(' '));

    public static Gen<SatelRequest> Request => Gen.OneOf(
        from state in Gen.Elements(Enum.GetValues<StateCommand>())
        from extended in Bool
        select (SatelRequest)new ReadState(state, extended && state <= StateCommand.TroublesMemoryPart7),
        Gen.Elements<SatelRequest>(new ReadModuleVersion(), new ReadPanelVersion()),
        Gen.Choose(1, 256).Select(z => (SatelRequest)new ReadZoneTemperature(z)),
        Gen.Choose(0, 2).Select(n => (SatelRequest)new PollNewData(n)),
        from width in Gen.Elements(6, 7)
        from onChange in Commands(width)
        from always in Commands(width)
        select (SatelRequest)new SetAutomaticMode(onChange, always),
        Gen.Choose(0, 0xFFFFFF).Select(i => (SatelRequest)new ReadEvent(new EventLogIndex(i))),
        from code in Gen.Choose(0, 1023)
        from restore in Bool
        from isLong in Bool
        select (SatelRequest)new ReadEventText(code, restore, isLong),
        from kind in Gen.Elements(Enum.GetValues<DeviceKind>())
        from number in Gen.Choose(1, 256)
        select (SatelRequest)new ReadDeviceName(kind, number),
        from action in Gen.Elements(Enum.GetValues<PartitionControl>())
        from code in Code
        from partitions in Set(4)
        select (SatelRequest)new ControlPartitions(action, code, partitions),
        from action in Gen.Elements(Enum.GetValues<ZoneControl>())
        from code in Code
        from zones in Set(16, 32)
        select (SatelRequest)new ControlZones(action, code, zones),
        from action in Gen.Elements(Enum.GetValues<OutputControl>())
        from code in Code
        from outputs in Set(16, 32)
        select (SatelRequest)new ControlOutputs(action, code, outputs),
        from code in Code
        from outputs in Set(16, 32)
        from expanders in Set(8)
        select (SatelRequest)new OpenDoor(code, outputs, expanders),
        Code.Select(c => (SatelRequest)new ClearTroubleMemory(c)),
        from code in Code
        from partitions in Set(4)
        from seconds in Gen.Choose(0, 65535)
        from action in Gen.Elements(Enum.GetValues<FirstCodeAction>())
        select (SatelRequest)new EnterFirstCode(code, partitions, seconds, action),
        from code in Code
        from time in Time
        select (SatelRequest)new SetClock(code, time));

    public static Gen<EventRecord> Record =>
        from head in Gen.Choose(0, 0xFF)
        from eventClass in Gen.Choose(0, 7)
        from day in Gen.Choose(0, 31)
        from month in Gen.Choose(0, 15)
        from minute in Gen.Choose(0, 0xFFF)
        from partition in Gen.Choose(0, 31)
        from restore in Bool
        from code in Gen.Choose(0, 1023)
        from source in Gen.Choose(0, 255)
        from tail in Gen.Choose(0, 0xFF)
        select new EventRecord(
            head >> 6, (head & 0x20) != 0, (head & 0x10) != 0, (MonitoringStatus)(head & 3),
            (MonitoringStatus)((head >> 2) & 3), (PanelEventClass)eventClass, day, month, minute, partition, restore,
            code, source, tail >> 5, tail & 0x1F);

    public static Gen<SatelAnswer> Answer => Gen.OneOf(
        from state in Gen.Elements(Enum.GetValues<StateCommand>()
            .Where(s => StateCommands.ShapeOf(s) is not (StateAnswerShape.Troubles or StateAnswerShape.ClockAndStatus)))
        from objects in Set(StateCommands.AnswerLengths(state))
        select (SatelAnswer)new StateBitmapAnswer(state, objects),
        from time in Time
        from dayOfWeek in Gen.Choose(0, 6)
        from flags in Gen.Choose(0, 63)
        from type in Gen.Elements(0, 1, 2, 3, 4, 8)
        select (SatelAnswer)new ClockAndStatusAnswer(
            time, dayOfWeek, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0,
            (flags & 16) != 0, (flags & 32) != 0, type),
        from part in Gen.Elements(Enum.GetValues<StateCommand>()
            .Where(s => StateCommands.ShapeOf(s) == StateAnswerShape.Troubles))
        from data in Generators.Bytes(StateCommands.AnswerLengths(part)[0])
        select (SatelAnswer)new TroublesAnswer(part, data),
        from version in Version
        from capabilities in Generators.AnyByte
        select (SatelAnswer)new ModuleVersionAnswer(version, capabilities),
        from type in Generators.AnyByte
        from version in Version
        from language in Generators.AnyByte
        from flash in Bool
        select (SatelAnswer)new PanelVersionAnswer(type, version, language, flash),
        from zone in Gen.Choose(1, 256)
        from raw in Gen.Choose(0, 0xFFFF)
        select (SatelAnswer)new ZoneTemperatureAnswer(zone, (ushort)raw),
        from width in Gen.Elements(5, 6, 7)
        from changed in Commands(width)
        select (SatelAnswer)new NewDataAnswer(changed),
        from record in Record
        from previous in Gen.Choose(0, 0xFFFFFF)
        from called in Gen.Choose(0, 0xFFFFFF)
        select (SatelAnswer)new EventRecordAnswer(record, new EventLogIndex(previous), new EventLogIndex(called)),
        from code in Gen.Choose(0, 1023)
        from restore in Bool
        from isLong in Bool
        from longKind in Generators.AnyByte
        from shortKind in Gen.Choose(0, 0xFFFF)
        from text in Text(isLong ? 46 : 16)
        select (SatelAnswer)new EventTextAnswer(code, restore, isLong, (LongDescriptionKind)longKind, (ushort)shortKind, text),
        from kind in Gen.Elements(Enum.GetValues<DeviceKind>())
        from number in Gen.Choose(1, 256)
        from type in Generators.AnyByte
        from name in Text(16)
        from extra in Gen.Frequency((1, Gen.Constant<byte?>(null)), (1, Generators.AnyByte.Select(b => (byte?)b)))
        select (SatelAnswer)new DeviceNameAnswer(kind, number, type, name, extra),
        Generators.AnyByte.Select(b => (SatelAnswer)new ResultAnswer((ResultCode)b)));
}
