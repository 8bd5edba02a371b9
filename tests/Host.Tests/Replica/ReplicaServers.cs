using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Host.Tests.Replica;

/// <summary>The reporting replica of <c>scripts/servers.sh</c> (<c>ES_PG_REPLICA</c>), driven from tests through the script.</summary>
internal static class ReplicaServers
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG_REPLICA") ?? "Host=127.0.0.1;Port=55433;Username=postgres;Database=eventstore";

    /// <summary>Runs <c>scripts/servers.sh {command}</c> (replica-stop, replica-start, replica-pause, replica-resume).</summary>
    public static async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Script(), command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"servers.sh {command} failed ({process.ExitCode}): {await output}{await errors}");
    }

    /// <summary>From the test binaries up (a build inside the checkout), else from this source file (a build elsewhere).</summary>
    private static string Script([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "scripts", "servers.sh"))) return Path.Combine(dir.FullName, "scripts", "servers.sh");
        throw new InvalidOperationException("scripts/servers.sh not found above " + AppContext.BaseDirectory);
    }
}
