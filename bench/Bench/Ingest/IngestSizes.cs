namespace Bench.Ingest;

/// <summary>Sizes of one ingest run: full (the documented figures) or --quick (a smoke run, same keys).</summary>
/// <param name="Panels">Simulated panels, each registered in the store and owned by the one ingest instance.</param>
/// <param name="Rate">Random events per panel per second (Poisson arrivals; a few actions log two records).</param>
/// <param name="Idle">Measured with every panel connected and no traffic: what polling and the processes cost alone.</param>
/// <param name="Warmup">Traffic before the measured window (the pipeline reaches its steady state).</param>
/// <param name="Window">The measured window.</param>
/// <param name="ConnectTimeout">How long every panel may take to be registered, taken and reported connected.</param>
/// <param name="DrainTimeout">After the traffic stops: how long to wait for the last records to be stored.</param>
public sealed record IngestSizes(string Name, int Panels, double Rate, TimeSpan Idle, TimeSpan Warmup, TimeSpan Window, TimeSpan ConnectTimeout, TimeSpan DrainTimeout)
{
    public static IngestSizes Full { get; } = new("full", 2_000, 0.1, Seconds(15), Seconds(15), Seconds(120), Seconds(300), Seconds(300));
    public static IngestSizes Quick { get; } = new("quick", 200, 0.1, Seconds(5), Seconds(5), Seconds(30), Seconds(120), Seconds(120));

    /// <summary>The sizes with BENCH_INGEST_PANELS, BENCH_INGEST_RATE and BENCH_INGEST_SECONDS (the window) applied.</summary>
    public IngestSizes WithEnvironment()
    {
        var sizes = this;
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_INGEST_PANELS"), out var panels) && panels > 0) sizes = sizes with { Panels = panels };
        if (double.TryParse(Environment.GetEnvironmentVariable("BENCH_INGEST_RATE"), System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 0)
            sizes = sizes with { Rate = rate };
        if (double.TryParse(Environment.GetEnvironmentVariable("BENCH_INGEST_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0)
            sizes = sizes with { Window = Seconds(s) };
        return sizes;
    }

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);
}
