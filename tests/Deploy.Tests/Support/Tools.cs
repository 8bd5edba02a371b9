using System.Collections.Concurrent;

namespace Deploy.Tests.Support;

/// <summary>
/// Command-line tools the checks need, installed from Debian's packages when missing (CI runs as root). A tool that
/// cannot be had makes its tests skip, saying why (<see cref="NeedsToolFactAttribute"/>). Installs use
/// --no-install-recommends: docker-compose recommends the whole Docker engine, which the checks do not need.
/// </summary>
internal static class Tools
{
    private static readonly ConcurrentDictionary<string, Lazy<(string? Path, string Why)>> Found = new();
    private static readonly object AptLock = new();
    private static bool _updated;

    /// <summary>The tool's path, or null and the reason it is missing.</summary>
    public static (string? Path, string Why) Ensure(string tool, string package) =>
        Found.GetOrAdd(tool, _ => new Lazy<(string?, string)>(() => Install(tool, package))).Value;

    /// <summary>Tools that are not a program of their own name: found when the probe succeeds.</summary>
    private static string? Locate(string tool) => tool switch
    {
        "python3-yaml" => File.Exists("/usr/bin/python3") && Processes.Run("/usr/bin/python3", ["-c", "import yaml"]).ExitCode == 0 ? "/usr/bin/python3" : null,
        _ => Processes.Which(tool),
    };

    private static (string?, string) Install(string tool, string package)
    {
        if (Locate(tool) is { } path) return (path, "");
        if (Processes.Which("apt-get") is null) return (null, $"'{tool}' is not installed and there is no apt-get to install package '{package}'");
        if (Environment.UserName != "root") return (null, $"'{tool}' is not installed and installing package '{package}' needs root");
        lock (AptLock)
        {
            var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            string[] install = ["install", "-y", "-q", "--no-install-recommends", package];
            var result = Processes.Run("apt-get", install, env, timeout: TimeSpan.FromMinutes(8));
            if (result.ExitCode != 0 && !_updated)
            {
                Processes.Run("apt-get", ["update", "-q"], env, timeout: TimeSpan.FromMinutes(5));
                _updated = true;
                result = Processes.Run("apt-get", install, env, timeout: TimeSpan.FromMinutes(8));
            }
            if (Locate(tool) is { } installed) return (installed, "");
            var tail = string.Join('\n', result.Output.Split('\n').TakeLast(3));
            return (null, $"'{tool}' could not be installed from Debian package '{package}': {tail}");
        }
    }
}

/// <summary>A fact that needs a command-line tool: installs it at discovery if it can, else is skipped with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsToolFactAttribute : FactAttribute
{
    public NeedsToolFactAttribute(string tool, string package)
    {
        var (path, why) = Tools.Ensure(tool, package);
        if (path is null) Skip = why;
    }
}
