using System.Text.RegularExpressions;

namespace Deploy.Tests.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads: identifiers that are not functions, keywords, label names (inside
/// braces or by/without/on/ignoring lists), ranges, strings or numbers. Small, for the expressions we write.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN",
    };

    [GeneratedRegex("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]")]
    private static partial Regex BracesAndRanges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"(?<![\w.])(?<name>(?>[a-zA-Z_:][a-zA-Z0-9_:]*))(?!\s*\()")]
    private static partial Regex Identifier();

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = LabelLists().Replace(BracesAndRanges().Replace(Strings().Replace(expression, " "), " "), " ");
        return Identifier().Matches(text).Select(m => m.Groups["name"].Value)
            .Where(n => !Keywords.Contains(n)).ToHashSet(StringComparer.Ordinal); // "1e-9": the lookbehind refuses the "e"
    }
}
