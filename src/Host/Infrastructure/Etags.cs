using System.Globalization;

namespace Host.Infrastructure;

/// <summary>ETag / If-Match carry a stream's version: <c>"3"</c>.</summary>
internal static class Etags
{
    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version in If-Match, or null when absent.</summary>
    /// <exception cref="ArgumentException">If-Match is present but not a version.</exception>
    public static long? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(value)) return null;
        var trimmed = value.Trim().TrimStart('W', '/').Trim('"');
        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ArgumentException($"If-Match '{value}' is not a version such as \"3\".");
    }
}
