namespace Bench.Api;

/// <summary>
/// Where CPU went during a phase, in cores: the Host process, this process (the load generator), all postgres
/// processes, and the rest of the machine (other builds and tests on a shared machine, the kernel).
/// </summary>
public sealed record ApiCpu(double Host, double Client, double Postgres, double Others, double MachineBusy)
{
    public static Meter Start(int hostPid) => new(hostPid);

    public override string ToString() => double.IsNaN(MachineBusy)
        ? "CPU: n/a"
        : $"CPU {MachineBusy * 100:F0}% of {Environment.ProcessorCount} cores: host {Host:F2} + client {Client:F2} + postgres {Postgres:F2} + others {Others:F2}";

    public sealed class Meter
    {
        private readonly int _hostPid;
        private readonly CpuMeter _machine = CpuMeter.Start();
        private readonly long _hostTicks;
        private readonly System.Diagnostics.Stopwatch _wall = System.Diagnostics.Stopwatch.StartNew();

        internal Meter(int hostPid)
        {
            _hostPid = hostPid;
            _hostTicks = Ticks(hostPid);
        }

        public ApiCpu Stop()
        {
            var usage = _machine.Measure();
            var host = (Ticks(_hostPid) - _hostTicks) / 100.0 / _wall.Elapsed.TotalSeconds; // USER_HZ = 100
            var others = Math.Max(0, usage.MachineBusy * Environment.ProcessorCount - usage.ClientCores - usage.ServerCores - host);
            return new ApiCpu(host, usage.ClientCores, usage.ServerCores, others, usage.MachineBusy);
        }

        /// <summary>utime + stime of a process from /proc/&lt;pid&gt;/stat (fields 14 and 15), 0 when unknown.</summary>
        private static long Ticks(int pid)
        {
            try
            {
                if (pid <= 0) return 0;
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
