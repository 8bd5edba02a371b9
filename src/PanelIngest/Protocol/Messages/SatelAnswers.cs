using System.Text;
using Domain.Panels;

namespace PanelIngest.Protocol;

/// <summary>
/// A frame the module sends: the answer to a request, a 0xEF result, or an automatic push. Read with
/// <see cref="AnswerParser"/>; <see cref="ToFrame"/> builds the frame back (for the panel simulator and tests).
/// </summary>
public abstract record SatelAnswer
{
    /// <summary>The command byte.</summary>
    public abstract byte Command { get; }

    /// <summary>The frame, with names and texts in <paramref name="text"/> (cp1250 by default).</summary>
    public SatelFrame ToFrame(Encoding? text = null) => new(Command, EncodeData(text ?? SatelText.Cp1250));

    /// <summary>The data bytes after the command.</summary>
    protected abstract byte[] EncodeData(Encoding text);
}

/// <summary>A state read answered with a bitmap: zones, partitions, outputs or doors, per <see cref="StateCommands.ShapeOf"/>.</summary>
/// <param name="Objects">The objects whose bit is set; 16 or 32 bytes for zones and outputs, 4 for partitions, 8 for doors.</param>
public sealed record StateBitmapAnswer(StateCommand State, ObjectSet Objects) : SatelAnswer
{
    public override byte Command => (byte)State;

    /// <summary>What kind of objects the bitmap numbers.</summary>
    public StateAnswerShape Shape => StateCommands.ShapeOf(State);

    protected override byte[] EncodeData(Encoding text) => Objects.ToBitmap();
}

/// <summary>0x1A: the panel clock (BCD) and basic status bits.</summary>
/// <param name="DayOfWeek">0 = Monday … 6 = Sunday, as the panel counts.</param>
/// <param name="PanelType">0 INTEGRA 24, 1 = 32, 2 = 64 (Plus), 3 = 128 (Plus), 4 = 128-WRL, 8 = 256 Plus.</param>
public sealed record ClockAndStatusAnswer(
    DateTime Clock,
    int DayOfWeek,
    bool ServiceMode,
    bool Troubles,
    bool Acu100Present,
    bool IntRxPresent,
    bool TroublesMemory,
    bool Grade23,
    int PanelType) : SatelAnswer
{
    public override byte Command => 0x1A;

    protected override byte[] EncodeData(Encoding text)
    {
        var c = Clock;
        return
        [
            Bcd.Byte(c.Year / 100), Bcd.Byte(c.Year % 100), Bcd.Byte(c.Month), Bcd.Byte(c.Day),
            Bcd.Byte(c.Hour), Bcd.Byte(c.Minute), Bcd.Byte(c.Second),
            (byte)((ServiceMode ? 0x80 : 0) | (Troubles ? 0x40 : 0) | (DayOfWeek & 0x07)),
            (byte)((Acu100Present ? 0x80 : 0) | (IntRxPresent ? 0x40 : 0) | (TroublesMemory ? 0x20 : 0)
                | (Grade23 ? 0x10 : 0) | (PanelType & 0x0F)),
        ];
    }
}

/// <summary>A troubles part (0x1B–0x24, 0x2C–0x31), kept as the manual's bytes; part 1 is decoded by <see cref="Part1"/>.</summary>
public sealed record TroublesAnswer(StateCommand Part, byte[] Data) : SatelAnswer
{
    public override byte Command => (byte)Part;

    /// <summary>Whether this is a troubles memory part.</summary>
    public bool IsMemory => Part is >= StateCommand.TroublesMemoryPart1 and <= StateCommand.TroublesMemoryPart5
        or StateCommand.TroublesMemoryPart6 or StateCommand.TroublesMemoryPart7 or StateCommand.TroublesMemoryPart8;

    /// <summary>Troubles part 1 or its memory, field by field; null for other parts.</summary>
    public TroublesPart1? Part1 => Part is StateCommand.TroublesPart1 or StateCommand.TroublesMemoryPart1
        ? TroublesPart1.Read(Data)
        : null;

    protected override byte[] EncodeData(Encoding text) => (byte[])Data.Clone();

    public bool Equals(TroublesAnswer? other) =>
        other is not null && Part == other.Part && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Part, Data.Length);
}

/// <summary>0x7C: the ETHM-1 / INT-RS module version and capability byte.</summary>
public sealed record ModuleVersionAnswer(FirmwareVersion Version, byte Capabilities) : SatelAnswer
{
    public override byte Command => 0x7C;

    /// <summary>Bit 0: the module serves 32-byte zone and output lists (the 2-byte state reads).</summary>
    public bool Serves32ByteLists => (Capabilities & 0x01) != 0;

    /// <summary>Bit 1: the module serves troubles (memory) part 8, the 7-byte 0x7F and the 14-byte automatic mode.</summary>
    public bool ServesTroublesPart8 => (Capabilities & 0x02) != 0;

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[12];
        Version.WriteTo(data);
        data[11] = Capabilities;
        return data;
    }
}

/// <summary>0x7E: the panel type, firmware version, language and whether settings are stored in FLASH.</summary>
public sealed record PanelVersionAnswer(byte PanelType, FirmwareVersion Version, byte Language, bool SettingsInFlash)
    : SatelAnswer
{
    public override byte Command => 0x7E;

    /// <summary>The panel model, or null for a type this codec does not know.</summary>
    public PanelModel? Model => PanelType switch
    {
        0 => PanelModel.Integra24,
        1 => PanelModel.Integra32,
        2 => PanelModel.Integra64,
        3 => PanelModel.Integra128,
        4 or 132 => PanelModel.Integra128Wrl, // 4 = SIM300, 132 = LEON variant
        66 => PanelModel.Integra64Plus,
        67 => PanelModel.Integra128Plus,
        72 => PanelModel.Integra256Plus,
        _ => null,
    };

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[14];
        data[0] = PanelType;
        Version.WriteTo(data.AsSpan(1));
        data[12] = Language;
        data[13] = SettingsInFlash ? (byte)0xFF : (byte)0x00;
        return data;
    }
}

/// <summary>0x7D: a zone temperature; raw 0 is −55 °C, each step 0.5 °C, 0xFFFF undetermined.</summary>
public sealed record ZoneTemperatureAnswer(int Zone, ushort Raw) : SatelAnswer
{
    public override byte Command => 0x7D;

    /// <summary>The temperature in °C, or null when the panel could not determine it.</summary>
    public decimal? Celsius => Raw == 0xFFFF ? null : -55m + Raw * 0.5m;

    protected override byte[] EncodeData(Encoding text) => [(byte)(Zone == 256 ? 0 : Zone), (byte)(Raw >> 8), (byte)Raw];
}

/// <summary>0x7F poll answer: the state commands with new data (5, 6 or 7 bytes).</summary>
public sealed record NewDataAnswer(StateCommandSet Changed) : SatelAnswer
{
    public override byte Command => 0x7F;

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[Changed.Width];
        Changed.WriteTo(data);
        return data;
    }
}

/// <summary>0x8C: an event-log record.</summary>
/// <param name="Previous">The index to send to 0x8C for the record before this one; it also identifies this record.</param>
/// <param name="Called">The index the request carried (FF FF FF for the newest; meaningless in unsolicited frames).</param>
public sealed record EventRecordAnswer(EventRecord Record, EventLogIndex Previous, EventLogIndex Called) : SatelAnswer
{
    public override byte Command => 0x8C;

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[14];
        Record.WriteTo(data);
        Previous.WriteTo(data.AsSpan(8));
        Called.WriteTo(data.AsSpan(11));
        return data;
    }
}

/// <summary>0x8F: the panel's text for an event code, with its description kinds (Appendix 2 and 3).</summary>
public sealed record EventTextAnswer(
    int Code,
    bool Restore,
    bool Long,
    LongDescriptionKind LongKind,
    ushort ShortKind,
    string Text) : SatelAnswer
{
    public override byte Command => 0x8F;

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[Long ? 51 : 21];
        data[0] = (byte)((Long ? 0x80 : 0) | (Restore ? 0x04 : 0) | (Code >> 8));
        data[1] = (byte)Code;
        data[2] = (byte)LongKind;
        data[3] = (byte)(ShortKind >> 8);
        data[4] = (byte)ShortKind;
        SatelText.Encode(Text, data.AsSpan(5), text);
        return data;
    }
}

/// <summary>0xEE: a device name. <paramref name="Extra"/> is the 20th byte of types 2, 5 and 16.</summary>
/// <param name="TypeOrFunction">Partition type, zone reaction, expander or keypad type, output function.</param>
public sealed record DeviceNameAnswer(DeviceKind Kind, int Number, byte TypeOrFunction, string Name, byte? Extra)
    : SatelAnswer
{
    public override byte Command => 0xEE;

    protected override byte[] EncodeData(Encoding text)
    {
        var data = new byte[Extra is null ? 19 : 20];
        data[0] = (byte)Kind;
        data[1] = (byte)(Number == 256 ? 0 : Number);
        data[2] = TypeOrFunction;
        SatelText.Encode(Name, data.AsSpan(3, 16), text);
        if (Extra is { } extra)
            data[19] = extra;
        return data;
    }
}

/// <summary>0xEF: the result of a command that has no answer of its own.</summary>
public sealed record ResultAnswer(ResultCode Code) : SatelAnswer
{
    public override byte Command => 0xEF;

    /// <summary>The manual's meaning of the code.</summary>
    public string Meaning => ResultCodes.Describe((byte)Code);

    /// <summary>Whether the module took the command (0x00 ok or 0xFF accepted).</summary>
    public bool IsSuccess => ResultCodes.IsSuccess(Code);

    protected override byte[] EncodeData(Encoding text) => [(byte)Code];
}
