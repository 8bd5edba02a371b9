using System.Globalization;

namespace Bench.Api;

/// <summary>The merged record of one phase's workers.</summary>
public sealed class PhaseResult
{
    public PhaseResult(string name, LoadShape shape, IReadOnlyList<LoadRecorder> recorders, ApiCpu cpu, bool ranOut)
    {
        Name = name;
        Shape = shape;
        Cpu = cpu;
        RanOut = ranOut;
        ByLabel = recorders.SelectMany(r => r.Latencies).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => Sorted(g.SelectMany(kv => kv.Value)));
        All = Sorted(ByLabel.Values.SelectMany(l => l));
        Errors = recorders.SelectMany(r => r.Errors).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        ErrorSamples = [.. recorders.SelectMany(r => r.ErrorSamples).Take(5)];
        MaxLagMs = recorders.Max(r => r.MaxLagMs);
        LateSteps = recorders.Sum(r => r.LateSteps);
        StepsIn = recorders.Sum(r => r.StepsInWindow);
    }

    public string Name { get; }
    public LoadShape Shape { get; }
    public ApiCpu Cpu { get; }
    public bool RanOut { get; }
    public IReadOnlyDictionary<string, List<double>> ByLabel { get; }
    public List<double> All { get; }
    public IReadOnlyDictionary<string, long> Errors { get; }
    public IReadOnlyList<string> ErrorSamples { get; }
    public double MaxLagMs { get; }
    public long LateSteps { get; }
    public long StepsIn { get; }

    public long ErrorCount => Errors.Values.Sum();
    public double Rps => All.Count / Shape.Duration.TotalSeconds;
    public double P50 => Report.Percentile(All, 50);
    public double P99 => Report.Percentile(All, 99);

    public static string Row(string phase, int workers, List<double> sorted, double seconds, long errors, string notes)
    {
        static string Ms(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
        return $"| {phase} | {workers} | {sorted.Count.ToString("N0", CultureInfo.InvariantCulture)} | {Report.F0(sorted.Count / seconds)} | " +
               $"{Ms(Report.Percentile(sorted, 50))} | {Ms(Report.Percentile(sorted, 99))} | {Ms(sorted.Count == 0 ? double.NaN : sorted[^1])} | {errors} | {notes} |";
    }

    /// <summary>Table rows: the phase, then one per label when there are several.</summary>
    public IEnumerable<string> Rows()
    {
        var notes = Cpu.ToString();
        if (All.Count > 0 && !double.IsNaN(Cpu.MachineBusy))
            notes += $"; CPU per request: host {Cpu.Host / Rps * 1000:F2} + postgres {Cpu.Postgres / Rps * 1000:F2} + client {Cpu.Client / Rps * 1000:F2} ms";
        if (Shape.StepsPerSecond is { } rate) notes += $"; asked {Report.F0(rate * All.Count / Math.Max(1, StepsIn))}/s, {LateSteps} of {StepsIn} steps sent late (max {MaxLagMs:F0} ms)";
        if (RanOut) notes += "; RAN OUT of alarms before the end";
        yield return Row(Name, Shape.Workers, All, Shape.Duration.TotalSeconds, ErrorCount, notes);
        if (ByLabel.Count > 1)
            foreach (var (label, sorted) in ByLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                yield return Row($"  {label}", Shape.Workers, sorted, Shape.Duration.TotalSeconds, Errors.Where(e => e.Key.StartsWith(label + " ", StringComparison.Ordinal)).Sum(e => e.Value), "");
    }

    public string Summary() =>
        $"  .. {Name}: {Report.F0(Rps)} req/s, p50 {P50:F2} ms, p99 {P99:F2} ms, errors {ErrorCount}{(RanOut ? ", RAN OUT of alarms" : "")}; {Cpu}" +
        string.Concat(ErrorSamples.Select(s => $"\n     error: {s}"));

    private static List<double> Sorted(IEnumerable<double> values)
    {
        var list = values.ToList();
        list.Sort();
        return list;
    }
}
