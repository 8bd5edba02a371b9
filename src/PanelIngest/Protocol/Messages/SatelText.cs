using System.Text;

namespace PanelIngest.Protocol;

/// <summary>
/// Names and event texts come in the panel's code page, space padded. Polish panels use cp1250 (see the real frames
/// in PROTOCOL.md §1.4), so that is the default; another code page can be passed wherever text is read or written.
/// </summary>
/// <remarks>
/// The code-page encodings ship with .NET (System.Text.Encoding.CodePages). We take cp1250 from the provider
/// directly instead of registering the provider globally, and they do not depend on culture data, so they work with
/// InvariantGlobalization (a test checks this).
/// </remarks>
public static class SatelText
{
    /// <summary>Windows-1250, the code page of Polish INTEGRA panels.</summary>
    public static Encoding Cp1250 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1250)
        ?? throw new InvalidOperationException("The cp1250 code page is not available.");

    /// <summary>Decodes a space-padded text field, dropping the padding.</summary>
    public static string Decode(ReadOnlySpan<byte> field, Encoding? encoding = null) =>
        (encoding ?? Cp1250).GetString(field).TrimEnd(' ');

    /// <summary>Encodes <paramref name="text"/> into a space-padded field of exactly <paramref name="field"/>'s length.</summary>
    public static void Encode(string text, Span<byte> field, Encoding? encoding = null)
    {
        var bytes = (encoding ?? Cp1250).GetBytes(text);
        if (bytes.Length > field.Length)
            throw new ArgumentException($"'{text}' does not fit in {field.Length} bytes.", nameof(text));
        field.Fill((byte)' ');
        bytes.CopyTo(field);
    }
}
