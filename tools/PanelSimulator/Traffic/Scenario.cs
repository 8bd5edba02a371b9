using System.Globalization;
using System.Text.RegularExpressions;

namespace PanelSimulator;

/// <summary>
/// A scripted sequence of physical-world events, written in a small line language:
/// <code>
/// # comments and blank lines are ignored
/// +2s   violate zone 3
/// +5s   arm partition 1          (optionally: user 2)
/// +8s   ac-loss
/// +9s   tamper zone 2
/// +12s  restore zone 3
/// repeat 60s                     (optional: start over every 60 s)
/// </code>
/// Times are offsets from the start (ms, s or m; decimals allowed) and may not go backwards. Verbs:
/// <c>violate|restore|tamper|restore-tamper|bypass|unbypass zone N</c>, <c>arm|force-arm|disarm|clear-alarm partition N</c>,
/// <c>output N on|off</c>, <c>ac-loss</c>, <c>ac-restore</c>.
/// </summary>
public sealed partial class Scenario
{
    private Scenario(IReadOnlyList<ScenarioStep> steps, TimeSpan? repeatEvery)
    {
        Steps = steps;
        RepeatEvery = repeatEvery;
    }

    /// <summary>The steps in time order.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; }

    /// <summary>When set, the scenario starts over this long after each start.</summary>
    public TimeSpan? RepeatEvery { get; }

    /// <summary>Reads a scenario.</summary>
    /// <exception cref="FormatException">A line is not in the language; the message names it.</exception>
    public static Scenario Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<ScenarioStep>();
        TimeSpan? repeat = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim().ToLowerInvariant();
            if (line.Length == 0)
                continue;
            if (repeat is not null)
                throw Error(lineNumber, raw, "'repeat' must be the last line");
            if (RepeatLine().Match(line) is { Success: true } r)
            {
                repeat = Duration(r.Groups["t"].Value, lineNumber, raw);
                if (repeat <= TimeSpan.Zero || (steps.Count > 0 && repeat < steps[^1].At))
                    throw Error(lineNumber, raw, "the repeat period must be positive and not before the last step");
                continue;
            }
            var step = StepLine().Match(line) is { Success: true } m
                ? Step(m, lineNumber, raw)
                : throw Error(lineNumber, raw, "expected '+<time> <verb> …'");
            if (steps.Count > 0 && step.At < steps[^1].At)
                throw Error(lineNumber, raw, "times may not go backwards");
            steps.Add(step);
        }
        return new Scenario(steps, repeat);
    }

    /// <summary>Reads a scenario file.</summary>
    public static Scenario Load(string path) => Parse(File.ReadAllText(path));

    private static ScenarioStep Step(Match m, int lineNumber, string raw)
    {
        var at = Duration(m.Groups["t"].Value, lineNumber, raw);
        var words = m.Groups["rest"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var user = 1;
        if (words.Length >= 2 && words[^2] == "user")
        {
            user = Number(words[^1], lineNumber, raw);
            words = words[..^2];
        }
        return words switch
        {
            ["ac-loss"] => new ScenarioStep(at, ScenarioAction.AcLoss),
            ["ac-restore"] => new ScenarioStep(at, ScenarioAction.AcRestore),
            ["output", var n, "on"] => new ScenarioStep(at, ScenarioAction.OutputOn, Number(n, lineNumber, raw)),
            ["output", var n, "off"] => new ScenarioStep(at, ScenarioAction.OutputOff, Number(n, lineNumber, raw)),
            [var verb, "zone", var n] when ZoneVerb(verb) is { } action =>
                new ScenarioStep(at, action, Number(n, lineNumber, raw), user),
            [var verb, "partition", var n] when PartitionVerb(verb) is { } action =>
                new ScenarioStep(at, action, Number(n, lineNumber, raw), user),
            _ => throw Error(lineNumber, raw, "unknown step"),
        };
    }

    private static ScenarioAction? ZoneVerb(string verb) => verb switch
    {
        "violate" => ScenarioAction.ViolateZone,
        "restore" => ScenarioAction.RestoreZone,
        "tamper" => ScenarioAction.TamperZone,
        "restore-tamper" => ScenarioAction.RestoreTamper,
        "bypass" => ScenarioAction.BypassZone,
        "unbypass" => ScenarioAction.UnbypassZone,
        _ => null,
    };

    private static ScenarioAction? PartitionVerb(string verb) => verb switch
    {
        "arm" => ScenarioAction.ArmPartition,
        "force-arm" => ScenarioAction.ForceArmPartition,
        "disarm" => ScenarioAction.DisarmPartition,
        "clear-alarm" => ScenarioAction.ClearAlarm,
        _ => null,
    };

    private static TimeSpan Duration(string text, int lineNumber, string raw)
    {
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text[^1..];
        if (!double.TryParse(text[..^unit.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw Error(lineNumber, raw, $"'{text}' is not a time");
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => throw Error(lineNumber, raw, $"'{text}' needs a unit: ms, s or m"),
        };
    }

    private static int Number(string text, int lineNumber, string raw) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256
            ? n
            : throw Error(lineNumber, raw, $"'{text}' is not a number 1..256");

    private static FormatException Error(int lineNumber, string raw, string why) =>
        new($"Scenario line {lineNumber} '{raw.Trim()}': {why}.");

    [GeneratedRegex(@"^\+(?<t>[0-9.]+(ms|s|m))\s+(?<rest>.+)$")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^repeat\s+(?<t>[0-9.]+(ms|s|m))$")]
    private static partial Regex RepeatLine();
}
