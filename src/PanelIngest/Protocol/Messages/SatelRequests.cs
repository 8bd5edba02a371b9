using System.Globalization;

namespace PanelIngest.Protocol;

/// <summary>
/// A frame a client sends to the module. Each request knows its command byte and data; <see cref="RequestParser"/>
/// reads them back (for the panel simulator and for round-trip tests).
/// </summary>
public abstract record SatelRequest
{
    /// <summary>The command byte.</summary>
    public abstract byte Command { get; }

    /// <summary>The frame to send.</summary>
    public SatelFrame ToFrame() => new(Command, EncodeData());

    /// <summary>The data bytes after the command.</summary>
    protected abstract byte[] EncodeData();

    /// <summary>A user code followed by other fields, as every control command starts.</summary>
    protected static byte[] WithCode(UserCode code, params ReadOnlySpan<byte> rest)
    {
        var data = new byte[UserCode.Length + rest.Length];
        code.WriteTo(data);
        rest.CopyTo(data.AsSpan(UserCode.Length));
        return data;
    }
}

/// <summary>
/// A state read 0x00–0x31. <paramref name="Extended"/> sends the 2-byte form, which makes zone and output bitmaps
/// 32 bytes (objects 1–256) instead of 16; it needs a module with 0x7C capability bit 0.
/// </summary>
public sealed record ReadState(StateCommand State, bool Extended = false) : SatelRequest
{
    public override byte Command => (byte)State;

    protected override byte[] EncodeData() => Extended ? [0x00] : [];
}

/// <summary>0x7C: the ETHM-1 / INT-RS module version and capabilities.</summary>
public sealed record ReadModuleVersion : SatelRequest
{
    public override byte Command => 0x7C;

    protected override byte[] EncodeData() => [];
}

/// <summary>0x7E: the panel type and firmware version.</summary>
public sealed record ReadPanelVersion : SatelRequest
{
    public override byte Command => 0x7E;

    protected override byte[] EncodeData() => [];
}

/// <summary>0x7D: a temperature zone's reading (1..256; 256 is sent as 0). No answer if it is no temperature zone.</summary>
public sealed record ReadZoneTemperature(int Zone) : SatelRequest
{
    public override byte Command => 0x7D;

    protected override byte[] EncodeData() =>
        Zone is >= 1 and <= 256 ? [(byte)Zone] : throw new ArgumentOutOfRangeException(nameof(Zone), Zone, "Zones are 1..256.");
}

/// <summary>
/// 0x7F poll: which state commands have new data. <paramref name="ExtraBytes"/> 0, 1 or 2 asks for the 5-, 6- or
/// 7-byte answer (the longer ones need INT-RS v2 / 0x7C capability bit 1).
/// </summary>
public sealed record PollNewData(int ExtraBytes = 0) : SatelRequest
{
    public override byte Command => 0x7F;

    protected override byte[] EncodeData() => ExtraBytes is >= 0 and <= 2
        ? new byte[ExtraBytes]
        : throw new ArgumentOutOfRangeException(nameof(ExtraBytes), ExtraBytes, "0x7F takes 0, 1 or 2 extra bytes.");
}

/// <summary>
/// 0x7F automatic mode: the module pushes the listed state commands by itself, <paramref name="OnChange"/> when their
/// data changes and <paramref name="OnEveryReception"/> on every data reception from the panel. Both sets are 6 bytes
/// (0x00–0x2F) or both 7 (0x00–0x31, modules with 0x7C bit 1). Empty sets stop automatic mode. The module answers
/// <c>EF FF</c>, then sends every command of <paramref name="OnChange"/> once.
/// </summary>
public sealed record SetAutomaticMode(StateCommandSet OnChange, StateCommandSet OnEveryReception) : SatelRequest
{
    public override byte Command => 0x7F;

    protected override byte[] EncodeData()
    {
        if (OnChange.Width != OnEveryReception.Width || OnChange.Width is not (6 or 7))
            throw new ArgumentException("Automatic mode takes two 6-byte or two 7-byte command lists.");
        var data = new byte[2 * OnChange.Width];
        OnChange.WriteTo(data);
        OnEveryReception.WriteTo(data.AsSpan(OnChange.Width));
        return data;
    }
}

/// <summary>0x8C: the event-log record before <paramref name="Index"/> (or the newest, with <see cref="EventLogIndex.Newest"/>).</summary>
public sealed record ReadEvent(EventLogIndex Index) : SatelRequest
{
    public override byte Command => 0x8C;

    protected override byte[] EncodeData()
    {
        var data = new byte[3];
        Index.WriteTo(data);
        return data;
    }
}

/// <summary>0x8F: the panel's own text for an event code, short (16 characters) or long (46).</summary>
public sealed record ReadEventText(int Code, bool Restore, bool Long) : SatelRequest
{
    public override byte Command => 0x8F;

    protected override byte[] EncodeData() => Code is >= 0 and <= 1023
        ? [(byte)((Long ? 0x80 : 0) | (Restore ? 0x04 : 0) | (Code >> 8)), (byte)Code]
        : throw new ArgumentOutOfRangeException(nameof(Code), Code, "Event codes are 0..1023.");
}

/// <summary>0xEE: the name of a device; number 256 is sent as 0.</summary>
public sealed record ReadDeviceName(DeviceKind Kind, int Number) : SatelRequest
{
    public override byte Command => 0xEE;

    protected override byte[] EncodeData() => Number is >= 1 and <= 256
        ? [(byte)Kind, (byte)Number]
        : throw new ArgumentOutOfRangeException(nameof(Number), Number, "Device numbers are 1..256.");
}

/// <summary>0x80–0x85, 0xA0–0xA3: arm, force arm, disarm or clear alarm in partitions (a 4-byte set).</summary>
public sealed record ControlPartitions(PartitionControl Action, UserCode Code, ObjectSet Partitions) : SatelRequest
{
    public override byte Command => (byte)Action;

    protected override byte[] EncodeData() => WithCode(Code, Bitmap(Partitions, 4));

    internal static byte[] Bitmap(ObjectSet set, params int[] widths) => Array.IndexOf(widths, set.Width) >= 0
        ? set.ToBitmap()
        : throw new ArgumentException($"This list must be {string.Join(" or ", widths)} bytes, not {set.Width}.");
}

/// <summary>0x86, 0x87, 0x90: bypass, unbypass or isolate zones (a 16- or 32-byte set).</summary>
public sealed record ControlZones(ZoneControl Action, UserCode Code, ObjectSet Zones) : SatelRequest
{
    public override byte Command => (byte)Action;

    protected override byte[] EncodeData() => WithCode(Code, ControlPartitions.Bitmap(Zones, 16, 32));
}

/// <summary>0x88, 0x89, 0x91: switch outputs on, off, or over (a 16- or 32-byte set).</summary>
public sealed record ControlOutputs(OutputControl Action, UserCode Code, ObjectSet Outputs) : SatelRequest
{
    public override byte Command => (byte)Action;

    protected override byte[] EncodeData() => WithCode(Code, ControlPartitions.Bitmap(Outputs, 16, 32));
}

/// <summary>
/// 0x8A: open doors, by type-101 outputs (16/32 bytes) and by expander (8 bytes). Expanders are numbered by address
/// from 0, so the expander at address a is number a + 1 in <paramref name="Expanders"/>.
/// </summary>
public sealed record OpenDoor(UserCode Code, ObjectSet Outputs, ObjectSet Expanders) : SatelRequest
{
    public override byte Command => 0x8A;

    protected override byte[] EncodeData() =>
        WithCode(Code, [.. ControlPartitions.Bitmap(Outputs, 16, 32), .. ControlPartitions.Bitmap(Expanders, 8)]);
}

/// <summary>0x8B: clear the trouble memory.</summary>
public sealed record ClearTroubleMemory(UserCode Code) : SatelRequest
{
    public override byte Command => 0x8B;

    protected override byte[] EncodeData() => WithCode(Code);
}

/// <summary>0x8D: enter the 1st code of a two-code arm or disarm, valid for <paramref name="ValiditySeconds"/>.</summary>
public sealed record EnterFirstCode(UserCode Code, ObjectSet Partitions, int ValiditySeconds, FirstCodeAction Action)
    : SatelRequest
{
    public override byte Command => 0x8D;

    protected override byte[] EncodeData()
    {
        if (ValiditySeconds is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(ValiditySeconds), ValiditySeconds, "The validity is 0..65535 s.");
        // The manual sends the validity low byte first, unlike every other multi-byte number.
        return WithCode(
            Code,
            [.. ControlPartitions.Bitmap(Partitions, 4), (byte)ValiditySeconds, (byte)(ValiditySeconds >> 8), (byte)Action]);
    }
}

/// <summary>0x8E: set the panel clock to <paramref name="Time"/> (panel-local), sent as ASCII <c>yyyyMMddHHmmss</c>.</summary>
public sealed record SetClock(UserCode Code, DateTime Time) : SatelRequest
{
    /// <summary>The clock format of 0x8E.</summary>
    public const string Format = "yyyyMMddHHmmss";

    public override byte Command => 0x8E;

    protected override byte[] EncodeData() =>
        WithCode(Code, System.Text.Encoding.ASCII.GetBytes(Time.ToString(Format, CultureInfo.InvariantCulture)));
}
