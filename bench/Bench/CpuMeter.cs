using System.Diagnostics;

namespace Bench;

/// <summary>
/// Where CPU went during a measurement (Linux /proc): the whole machine's busy share, this process (the client:
/// store + Npgsql) and all `postgres` processes (the server), in cores. Evidence for "CPU-bound or waiting?".
/// </summary>
public sealed class CpuMeter
{
    private readonly long _ticksPerSecond = 100; // USER_HZ on Linux
    private readonly (long Busy, long Total) _machine;
    private readonly TimeSpan _client;
    private readonly long _server;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private CpuMeter()
    {
        _machine = Machine();
        _client = Process.GetCurrentProcess().TotalProcessorTime;
        _server = PostgresTicks();
    }

    public static CpuMeter Start() => new();

    public string Stop() => Measure().ToString();

    public CpuUsage Measure()
    {
        if (!File.Exists("/proc/stat")) return new(double.NaN, double.NaN, double.NaN);
        var wall = _wall.Elapsed.TotalSeconds;
        var (busy, total) = Machine();
        var machine = (double)(busy - _machine.Busy) / Math.Max(1, total - _machine.Total);
        var client = (Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds / wall;
        var server = (PostgresTicks() - _server) / (double)_ticksPerSecond / wall;
        return new(machine, client, server);
    }

    /// <summary>
    /// The machine is shared: waits (up to <paramref name="max"/>) until a 0.3 s sample shows less than
    /// <paramref name="threshold"/> of the CPU busy, and returns the last sample's busy share (0..1).
    /// </summary>
    public static async Task<double> WaitForQuietAsync(TimeSpan max, double threshold = 0.25)
    {
        if (!File.Exists("/proc/stat")) return double.NaN;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (b0, t0) = Machine();
            await Task.Delay(300);
            var (b1, t1) = Machine();
            var busy = (double)(b1 - b0) / Math.Max(1, t1 - t0);
            if (busy < threshold || deadline.Elapsed >= max) return busy;
        }
    }

    /// <summary>Load average at this moment (1 min), to tell a quiet machine from a shared one.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static (long Busy, long Total) Machine()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = f[3] + f[4]; // idle + iowait
        var total = f.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - idle, total);
    }

    private static long PostgresTicks()
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                if (comm != "postgres") continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14, 15)
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return ticks;
    }
}

/// <summary>Machine busy share (0..1), and cores used by the client and by the postgres processes.</summary>
public sealed record CpuUsage(double MachineBusy, double ClientCores, double ServerCores)
{
    public override string ToString() =>
        $"CPU: machine {MachineBusy * 100:F0}% busy of {Environment.ProcessorCount} cores = client {ClientCores:F2} + postgres {ServerCores:F2} + others {OtherCores:F2} cores";

    /// <summary>Cores used by neither the client nor postgres (other processes on a shared machine, the kernel).</summary>
    public double OtherCores => Math.Max(0, MachineBusy * Environment.ProcessorCount - ClientCores - ServerCores);
}
