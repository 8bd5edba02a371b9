using System.Runtime.CompilerServices;

namespace Deploy.Tests.Support;

/// <summary>
/// Paths in the checkout under test: found above the test assembly (a normal build), else above the working directory
/// or this source file (a build with --artifacts-path elsewhere, as CI may do).
/// </summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, SourceDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "EventStore.sln"))) return dir.FullName;
        throw new InvalidOperationException("EventStore.sln not found above " + AppContext.BaseDirectory);
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => System.IO.Path.GetDirectoryName(file) ?? "/";
}
