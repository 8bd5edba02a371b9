using System.Text.Json;

namespace Deploy.Tests.Support;

/// <summary>
/// YAML read through Python's PyYAML (Debian's python3-yaml, which docker-compose depends on): .NET has no YAML
/// reader among our pinned packages. Each document becomes a JSON element. Tests using it are
/// <c>[NeedsToolFact("python3-yaml", "python3-yaml")]</c>.
/// </summary>
internal static class Yaml
{
    private const string Script = "import sys, json, yaml\nprint(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d is not None]))";

    public static IReadOnlyList<JsonElement> Documents(string yaml)
    {
        var result = Processes.Run("/usr/bin/python3", ["-c", Script], stdin: yaml);
        Assert.True(result.ExitCode == 0, "not valid YAML: " + result.Stderr);
        return [.. JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public static JsonElement Single(string yaml) => Assert.Single(Documents(yaml));
}
