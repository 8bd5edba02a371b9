using System.Globalization;
using Audit.Infrastructure;

namespace Audit.Streams;

/// <summary>A moment in a stream: a version (<c>12</c> or <c>v12</c>) or a time (ISO 8601; UTC when no offset is given).</summary>
internal sealed record Moment(long? Version, DateTimeOffset? Time)
{
    public static Moment Parse(string text)
    {
        var t = text.Trim();
        if (long.TryParse(t.TrimStart('v', 'V'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return new(v, null);
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)) return new(null, time);
        throw new AuditException($"'{text}' is neither a version (12, v12) nor a time (2025-05-01T10:00:00Z).");
    }

    public override string ToString() => Version is { } v
        ? $"version {v}"
        : Time!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
