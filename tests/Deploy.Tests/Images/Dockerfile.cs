using System.Text.RegularExpressions;

namespace Deploy.Tests.Images;

/// <summary>A Dockerfile's instructions (continuation lines joined, comments dropped), by stage.</summary>
internal sealed partial record Dockerfile(string Name, IReadOnlyList<Dockerfile.Instruction> Instructions)
{
    internal sealed record Instruction(string Keyword, string Arguments, int Stage);

    public static Dockerfile Read(string path)
    {
        var instructions = new List<Instruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ');
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new Instruction(keyword, space < 0 ? "" : full[(space + 1)..].Trim(), stage));
        }
        return new Dockerfile(System.IO.Path.GetFileName(path), instructions);
    }

    public int Stages => Instructions.Count(i => i.Keyword == "FROM");

    public IEnumerable<Instruction> Final => Instructions.Where(i => i.Stage == Stages - 1);

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex Assignment();

    /// <summary>Names set by ENV and ARG (both the KEY=value and the legacy "KEY value" form).</summary>
    public IEnumerable<(string Name, string Instruction)> Variables()
    {
        foreach (var i in Instructions.Where(i => i.Keyword is "ENV" or "ARG"))
        {
            var parts = i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && !parts[0].Contains('='))
            {
                yield return (parts[0], i.Keyword + " " + i.Arguments);
                continue;
            }
            foreach (var part in parts)
                if (Assignment().Match(part) is { Success: true } m) yield return (m.Groups["name"].Value, i.Keyword + " " + i.Arguments);
        }
    }
}
