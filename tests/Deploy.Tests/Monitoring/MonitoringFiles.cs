using System.Text.Json;
using System.Text.RegularExpressions;
using Deploy.Tests.Support;

namespace Deploy.Tests.Monitoring;

/// <summary>The PromQL expressions of deploy/grafana/*.json and deploy/prometheus/alerts.yml, with where each is.</summary>
internal static partial class MonitoringFiles
{
    public static IEnumerable<(string Where, string Expression)> DashboardExpressions()
    {
        foreach (var file in Directory.GetFiles(Repo.Path("deploy", "grafana"), "*.json").Order())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                    yield return ($"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}", target.GetProperty("expr").GetString()!);
        }
    }

    [GeneratedRegex(@"^(?<indent>\s*)(- )?(?<key>alert|expr):\s*(?<value>.*)$")]
    private static partial Regex Key();

    /// <summary>The alerts' expressions, read line by line (plain and block scalars): no YAML library needed.</summary>
    public static IEnumerable<(string Where, string Expression)> AlertExpressions()
    {
        var lines = File.ReadAllLines(Repo.Path("deploy", "prometheus", "alerts.yml"));
        var alert = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Key().Match(lines[i]);
            if (!m.Success) continue;
            var value = m.Groups["value"].Value.Trim();
            if (m.Groups["key"].Value == "alert")
            {
                alert = value;
                continue;
            }
            if (value is "|" or ">" or "|-" or ">-")
            {
                var indent = m.Groups["indent"].Value.Length;
                var block = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].TakeWhile(c => c == ' ').Count() > indent)) block.Add(lines[++i].Trim());
                value = string.Join(' ', block);
            }
            yield return ($"alerts.yml: {alert}", value);
        }
    }
}
