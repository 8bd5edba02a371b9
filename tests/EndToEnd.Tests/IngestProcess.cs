using System.Collections.Concurrent;
using System.Diagnostics;

namespace EndToEnd.Tests;

/// <summary>
/// PanelIngest as a real process: <c>dotnet PanelIngest.dll</c> from the test's output directory (the project
/// reference puts it there), configured only through environment variables as a deployment would be, its standard
/// output and error captured line by line. <see cref="Kill"/> is SIGKILL: no graceful stop, no lease released, no
/// batch finished.
/// </summary>
internal sealed class IngestProcess : IAsyncDisposable
{
    // Settings the test process may have in its own environment; the child gets exactly the ones given.
    private static readonly string[] InheritedPrefixes = ["ConnectionStrings__", "EventStore__", "Messaging__", "Ingest__", "Serilog__"];

    private readonly Process process;

    private IngestProcess(Process process) => this.process = process;

    /// <summary>The process id, for the report when something goes wrong.</summary>
    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>PanelIngest</c> with <paramref name="arguments"/>; every output line goes to <paramref name="output"/>, prefixed with <paramref name="name"/>.</summary>
    /// <param name="settings">Configuration keys (<c>Ingest:NodeId</c>) and values, passed as environment variables (<c>Ingest__NodeId</c>).</param>
    public static IngestProcess Start(string name, IReadOnlyDictionary<string, string> settings, ConcurrentQueue<string> output, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PanelIngest.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue($"[{name} out] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue($"[{name} err] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output.Enqueue($"[{name}] started, pid {process.Id}");
        return new IngestProcess(process);
    }

    /// <summary>Runs a CLI verb to its end with <paramref name="stdin"/> as standard input; returns the exit code.</summary>
    public static async Task<int> RunAsync(string name, IReadOnlyDictionary<string, string> settings, ConcurrentQueue<string> output, string stdin, params string[] arguments)
    {
        await using var verb = Start(name, settings, output, arguments);
        await verb.process.StandardInput.WriteAsync(stdin);
        verb.process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Eventually.DefaultSeconds));
        await verb.process.WaitForExitAsync(timeout.Token);
        return verb.process.ExitCode;
    }

    /// <summary>SIGKILL to the process and anything it started; returns once it is gone.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) Kill();
        await process.WaitForExitAsync(); // the output handlers have run to the end after this
        process.Dispose();
    }

    // The muxer that runs this test (set by the SDK for dotnet test), so the child runs on the same runtime.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
