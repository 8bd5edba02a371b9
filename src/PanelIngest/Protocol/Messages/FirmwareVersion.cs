using System.Globalization;

namespace PanelIngest.Protocol;

/// <summary>
/// A firmware version as 0x7C and 0x7E send it: 11 ASCII digits <c>VMMYYYYMMDD</c>, e.g. <c>12320120527</c> is
/// 1.23 of 2012-05-27.
/// </summary>
public sealed record FirmwareVersion(int Major, int Minor, DateOnly Released)
{
    /// <summary>The bytes of the version field.</summary>
    public const int Length = 11;

    /// <summary>Reads the 11 digits.</summary>
    /// <exception cref="MalformedFrameException">Not 11 digits forming a version and a date.</exception>
    public static FirmwareVersion Read(ReadOnlySpan<byte> ascii, byte command)
    {
        Span<char> text = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
            text[i] = char.IsAsciiDigit((char)ascii[i])
                ? (char)ascii[i]
                : throw new MalformedFrameException(command, "the version is not 11 ASCII digits.");
        if (!DateOnly.TryParseExact(text[3..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new MalformedFrameException(command, $"the version date {text[3..]} is not a date.");
        return new FirmwareVersion(text[0] - '0', int.Parse(text[1..3], CultureInfo.InvariantCulture), date);
    }

    /// <summary>Writes the 11 digits.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (Major is < 0 or > 9 || Minor is < 0 or > 99)
            throw new ArgumentOutOfRangeException(nameof(Major), "The version is one digit, a point and two digits.");
        var text = $"{Major}{Minor:00}{Released.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        System.Text.Encoding.ASCII.GetBytes(text, destination);
    }

    public override string ToString() =>
        $"{Major}.{Minor:00} {Released.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
