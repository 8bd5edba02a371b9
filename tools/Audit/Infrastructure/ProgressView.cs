using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Audit.Infrastructure;

/// <summary>
/// Progress of a long walk (verify, a projection replay or rebuild) on stderr, with the rate and the ETA. On a terminal
/// an animated bar; when stderr is redirected (a log file, cron, a test) plain lines: one every
/// <see cref="LineInterval"/> and a last one with the total, so that a log shows how far a walk got and how fast.
/// </summary>
internal sealed class ProgressView(TextWriter stderr, bool terminal, string label, string unit)
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="walk"/>, which reports (done, total) as it goes.</summary>
    public async Task<T> RunAsync<T>(Func<Action<long, long>, Task<T>> walk)
    {
        if (terminal) return await BarAsync(walk);
        var clock = Stopwatch.StartNew();
        var lastLine = TimeSpan.Zero;
        long done = 0, total = 0;
        var result = await walk((d, t) =>
        {
            (done, total) = (d, t);
            if (clock.Elapsed - lastLine < LineInterval) return;
            lastLine = clock.Elapsed;
            var rate = d / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            var eta = rate > 0 && t > d ? TimeSpan.FromSeconds((t - d) / rate) : TimeSpan.Zero;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {d:N0} of {t:N0} {unit} ({100.0 * d / Math.Max(t, 1):0}%), {rate:N0} {unit}/s, ETA {eta:hh\\:mm\\:ss}"));
        });
        var seconds = clock.Elapsed.TotalSeconds;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {done:N0} of {total:N0} {unit} in {seconds:0.0} s, {done / Math.Max(seconds, 1e-3):N0} {unit}/s"));
        return result;
    }

    private async Task<T> BarAsync<T>(Func<Action<long, long>, Task<T>> walk)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr), Interactive = InteractionSupport.Yes, Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect,
        });
        T result = default!;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new RemainingTimeColumn())
            .StartAsync(async p =>
            {
                var task = p.AddTask(label, maxValue: 1);
                result = await walk((d, t) =>
                {
                    task.MaxValue = Math.Max(t, 1);
                    task.Value = Math.Min(d, task.MaxValue);
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Items per second as Spectre measures them (its own speed column speaks of bytes).</summary>
    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} {unit}/s") : $"? {unit}/s");
    }
}
