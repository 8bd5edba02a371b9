using System.Diagnostics;

namespace Bench.Ingest;

/// <summary>CPU (cores) and resident memory (MB, mean and peak of 1 s samples) of one process or group over the window.</summary>
public sealed record ProcessUsage(string Name, double Cores, double RssMeanMb, double RssPeakMb);

/// <summary>
/// Samples, from Linux /proc, the CPU of named processes (utime + stime of /proc/&lt;pid&gt;/stat) and of process groups
/// by command name (every <c>postgres</c> process, every <c>beam.smp</c>: on a shared machine these include other
/// people's backends), the VmRSS of the named processes every second, and the whole machine's busy share, between Start and Stop.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private const double TicksPerSecond = 100; // USER_HZ
    private readonly IReadOnlyDictionary<string, int> pids;
    private readonly IReadOnlyList<string> groups;
    private readonly Dictionary<string, long> startTicks = [];
    private readonly Dictionary<string, List<double>> rss = [];
    private readonly (long Busy, long Total) machineStart;
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    private ProcessSampler(IReadOnlyDictionary<string, int> pids, IReadOnlyList<string> groups)
    {
        this.pids = pids;
        this.groups = groups;
        foreach (var (name, pid) in pids) { startTicks[name] = Ticks(pid); rss[name] = []; }
        foreach (var comm in groups) { startTicks[comm] = GroupTicks(comm); rss[comm] = []; }
        machineStart = Machine();
        sampling = Task.Run(SampleAsync);
    }

    /// <param name="pids">Processes by the name to report them under.</param>
    /// <param name="groups">Command names (comm) whose processes are summed.</param>
    public static ProcessSampler Start(IReadOnlyDictionary<string, int> pids, params string[] groups) => new(pids, groups);

    /// <summary>Usage per process and group, then the machine's busy share (0..1) and the cores nobody listed used.</summary>
    public async Task<(IReadOnlyList<ProcessUsage> Usage, double MachineBusy, double OtherCores)> StopAsync()
    {
        var seconds = wall.Elapsed.TotalSeconds;
        var (busy, total) = Machine();
        await stop.CancelAsync();
        await sampling;
        var usage = new List<ProcessUsage>();
        foreach (var (name, pid) in pids) usage.Add(Usage(name, (Ticks(pid) - startTicks[name]) / TicksPerSecond / seconds));
        foreach (var comm in groups) usage.Add(Usage(comm, (GroupTicks(comm) - startTicks[comm]) / TicksPerSecond / seconds));
        var machine = (double)(busy - machineStart.Busy) / Math.Max(1, total - machineStart.Total);
        return (usage, machine, Math.Max(0, machine * Environment.ProcessorCount - usage.Sum(u => u.Cores)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        try { await sampling; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private ProcessUsage Usage(string name, double cores)
    {
        var samples = rss[name];
        return new(name, cores, samples.Count == 0 ? double.NaN : samples.Average(), samples.Count == 0 ? double.NaN : samples.Max());
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            foreach (var (name, pid) in pids) if (RssMb(pid) is { } mb) rss[name].Add(mb);
            // No RSS for groups: summing postgres backends counts shared buffers once per process.
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(stop.Token); } catch (OperationCanceledException) { return false; }
    }

    /// <summary>VmRSS of a process in MB; null when it is gone.</summary>
    public static double? RssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0; // kB
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15)
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    private static long GroupTicks(string comm) => GroupPids(comm).Sum(Ticks);

    private static IEnumerable<int> GroupPids(string comm)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string? name = null;
            try { name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n'); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            if (name == comm) yield return pid;
        }
    }

    private static (long Busy, long Total) Machine()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = f[3] + f[4];
        var total = f.Take(8).Sum();
        return (total - idle, total);
    }
}
