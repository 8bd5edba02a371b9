using System.Globalization;

namespace Bench;

/// <summary>One row of the results table.</summary>
public sealed record Row(string Measurement, long Events, string PerTx, double Seconds, double EventsPerSecond, string Notes = "");

/// <summary>Collects rows and prints them as a Markdown table (pasted as is into docs/benchmarks.md).</summary>
public sealed class Report
{
    private readonly List<Row> _rows = [];

    /// <summary>Appended to the next row's notes (the machine's state before the measurement).</summary>
    public string? Background { get; set; }

    public Row Add(Row row)
    {
        if (Background is not null) row = row with { Notes = $"{row.Notes}; {Background}" };
        Background = null;
        _rows.Add(row);
        Console.WriteLine($"  .. {row.Measurement}: {F0(row.EventsPerSecond)} events/s ({row.Events} in {row.Seconds:F2} s) {row.Notes}");
        return row;
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| measurement | events | per tx | seconds | events/s | notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in _rows)
            Console.WriteLine($"| {r.Measurement} | {r.Events.ToString("N0", CultureInfo.InvariantCulture)} | {r.PerTx} | {r.Seconds.ToString("F2", CultureInfo.InvariantCulture)} | {F0(r.EventsPerSecond)} | {r.Notes} |");
        Console.WriteLine();
    }

    public static string F0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
    public static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Latencies(List<double> ms)
    {
        ms.Sort();
        return $"p50 {F2(Percentile(ms, 50))} ms, p99 {F2(Percentile(ms, 99))} ms, max {F2(ms.Count == 0 ? double.NaN : ms[^1])} ms";
    }
}
