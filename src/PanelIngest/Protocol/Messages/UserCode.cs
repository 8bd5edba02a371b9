namespace PanelIngest.Protocol;

/// <summary>
/// A panel user code (with its prefix, if the panel uses prefixes) packed as the control commands need it: 8 bytes
/// of BCD digits, prefix first, packed continuously and padded with 0xF nibbles (manual, 0x80 and 0xE0):
/// <c>1234</c> → <c>12 34 FF FF FF FF FF FF</c>; prefix <c>987</c> + <c>1234</c> → <c>98 71 23 4F FF FF FF FF</c>.
/// </summary>
/// <remarks>A user code is a secret: <see cref="ToString"/> never shows it.</remarks>
public sealed class UserCode : IEquatable<UserCode>
{
    /// <summary>The bytes a user code takes in a control command.</summary>
    public const int Length = 8;

    private UserCode(string digits) => Digits = digits;

    /// <summary>The prefix and code digits, as typed on a keypad.</summary>
    public string Digits { get; }

    /// <summary>A code of 1..16 decimal digits (prefix included).</summary>
    public static UserCode Parse(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length is < 1 or > 2 * Length || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException("A user code is 1 to 16 decimal digits, prefix included.", nameof(digits));
        return new UserCode(digits);
    }

    /// <summary>A code entered after a prefix, as panels with prefixes require.</summary>
    public static UserCode WithPrefix(string prefix, string code) => Parse(prefix + code);

    /// <summary>Reads a packed code: digits up to the first 0xF nibble; every nibble after it must be 0xF too.</summary>
    /// <exception cref="MalformedFrameException">A nibble is A–E, or a digit follows the padding.</exception>
    public static UserCode Read(ReadOnlySpan<byte> packed, byte command)
    {
        var digits = new System.Text.StringBuilder(2 * Length);
        var ended = false;
        for (var i = 0; i < 2 * Length; i++)
        {
            var nibble = i % 2 == 0 ? packed[i / 2] >> 4 : packed[i / 2] & 0x0F;
            if (nibble == 0xF)
                ended = true;
            else if (nibble > 9 || ended)
                throw new MalformedFrameException(command, "the user code is not BCD digits padded with 0xF.");
            else
                digits.Append((char)('0' + nibble));
        }
        if (digits.Length == 0)
            throw new MalformedFrameException(command, "the user code is empty.");
        return new UserCode(digits.ToString());
    }

    /// <summary>Writes the 8 packed bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[..Length].Fill(0xFF);
        for (var i = 0; i < Digits.Length; i++)
        {
            var digit = Digits[i] - '0';
            ref var b = ref destination[i / 2];
            b = i % 2 == 0 ? (byte)((digit << 4) | 0x0F) : (byte)((b & 0xF0) | digit);
        }
    }

    public bool Equals(UserCode? other) => other is not null && Digits == other.Digits;

    public override bool Equals(object? obj) => Equals(obj as UserCode);

    public override int GetHashCode() => Digits.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "UserCode(****)";
}
