using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Deploy.Tests.Support;

/// <summary>
/// A long-running program (a Host, nginx) started by a test: configured only by its arguments and environment, its
/// output kept for the failure message. <see cref="Kill"/> is SIGKILL: no graceful stop.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    // Settings the test process may carry in its own environment; the child gets exactly the ones given.
    private static readonly string[] InheritedPrefixes = ["ConnectionStrings__", "EventStore__", "Messaging__", "Auth__", "Serilog__", "ASPNETCORE_"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote, for a failure message.</summary>
    public string Tail(int lines = 40) => $"--- {Name} ---\n" + string.Join('\n', _output.TakeLast(lines));

    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            info.Environment.Remove(key);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The real Host (<c>dotnet Host.dll</c> from the test's output: the project reference puts it there) on <paramref name="port"/>.</summary>
    public static ChildProcess StartHost(string name, int port, string schema) =>
        Start(name, DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "Host.dll")], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__EventStore"] = TestHost.ConnectionString,
            ["EventStore__Schema"] = schema,
            ["Auth__SigningKey"] = TestHost.TestSigningKey,
            ["RateLimiting__WritesPerSecond"] = "1000",
            ["RateLimiting__Burst"] = "1000",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        });

    /// <summary>SIGKILL to the process and anything it started; returns once it is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A TCP port nobody listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The muxer that runs this test (set by the SDK for dotnet test), so the child runs on the same runtime.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
