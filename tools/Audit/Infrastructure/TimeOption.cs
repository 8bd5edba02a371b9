using System.CommandLine;
using System.Globalization;

namespace Audit.Infrastructure;

/// <summary>
/// An option holding a moment in ISO 8601, UTC when no offset is given whatever the machine's time zone (the
/// parser's default would take the local zone), with a plain one-line error for anything else.
/// </summary>
internal static class TimeOption
{
    public static Option<DateTimeOffset?> Create(string name, string description) => new(name)
    {
        Description = description + " ISO 8601; UTC unless an offset is given.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                return time;
            result.AddError($"{name}: '{text}' is not a time; use ISO 8601, e.g. 2025-05-01T09:41:07Z.");
            return null;
        },
    };
}
