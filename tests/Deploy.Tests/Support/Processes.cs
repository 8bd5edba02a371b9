using System.Diagnostics;

namespace Deploy.Tests.Support;

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => (Stdout + "\n" + Stderr).Trim();
}

/// <summary>Runs a program to completion with a deadline; output captured, never inherited.</summary>
internal static class Processes
{
    public static ProcessResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The full path of <paramref name="name"/> on PATH (or in the usual system directories), or null.</summary>
    public static string? Which(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return dirs.Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
