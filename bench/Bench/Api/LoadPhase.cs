using System.Diagnostics;

namespace Bench.Api;

/// <summary>
/// How a phase sends: <paramref name="Workers"/> loops for <paramref name="Warmup"/> (not recorded) then
/// <paramref name="Duration"/> (recorded). Closed loop when <paramref name="StepsPerSecond"/> is null (a worker sends
/// its next step when the previous one is answered: the throughput this concurrency gets); otherwise paced, step i
/// being due at i / StepsPerSecond (a fixed arrival rate, with at most Workers steps in flight).
/// </summary>
public sealed record LoadShape(int Workers, TimeSpan Warmup, TimeSpan Duration, double? StepsPerSecond = null);

/// <summary>A bounded HTTP load generator: a fixed number of workers for a fixed time, every request timed.</summary>
public static class LoadPhase
{
    /// <param name="step">One unit of work (one or more requests sent through the recorder); false when there is nothing left to do.</param>
    /// <param name="hostPid">The Host's process, for the CPU split (0: unknown).</param>
    public static async Task<PhaseResult> RunAsync(string name, LoadShape shape, Func<LoadRecorder, long, Task<bool>> step, int hostPid)
    {
        var start = Stopwatch.GetTimestamp();
        var from = start + Ticks(shape.Warmup);
        var to = from + Ticks(shape.Duration);
        var recorders = Enumerable.Range(0, shape.Workers).Select(_ => new LoadRecorder(from, to)).ToArray();
        var next = -1L;
        var ranOut = 0;
        var cpu = MeasureCpuAsync(from, to, hostPid);
        var workers = recorders.Select(recorder => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                var now = Stopwatch.GetTimestamp();
                if (now >= to) break; // a paced phase that fell behind stops on time too: what was not sent is in the lag
                if (shape.StepsPerSecond is { } rate)
                {
                    var due = start + (long)(i / rate * Stopwatch.Frequency);
                    if (due >= to) break;
                    if (due > now) await Task.Delay(TimeSpan.FromSeconds((due - now) / (double)Stopwatch.Frequency));
                    else if (now >= from) recorder.Lagged(Stopwatch.GetElapsedTime(due, now).TotalMilliseconds); // all workers were busy when it was due
                }
                if (Stopwatch.GetTimestamp() >= from) recorder.StepsInWindow++;
                if (!await step(recorder, i))
                {
                    Interlocked.Exchange(ref ranOut, 1);
                    break;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new PhaseResult(name, shape, recorders, await cpu, ranOut == 1);
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private static async Task<ApiCpu> MeasureCpuAsync(long from, long to, int hostPid)
    {
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), from) is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero);
        var meter = ApiCpu.Start(hostPid);
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), to);
        if (left > TimeSpan.Zero) await Task.Delay(left);
        return meter.Stop();
    }
}

/// <summary>
/// One worker's record: latency per label of the requests started inside the measured window, and every failure
/// (warm-up included): a non-2xx status or an exception.
/// </summary>
public sealed class LoadRecorder(long from, long to)
{
    public Dictionary<string, List<double>> Latencies { get; } = [];
    public Dictionary<string, long> Errors { get; } = [];
    public List<string> ErrorSamples { get; } = [];
    public long StepsInWindow { get; internal set; }
    public double MaxLagMs { get; private set; }
    public long LateSteps { get; private set; }

    /// <summary>Sends one request (built fresh: a request message cannot be sent twice) and times it to the end of its body.</summary>
    public async Task<bool> SendAsync(HttpClient http, string label, Func<HttpRequestMessage> request)
    {
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message); // buffers the body: the latency includes reading it
            if (!response.IsSuccessStatusCode)
            {
                error = $"{label} {(int)response.StatusCode}";
                if (ErrorSamples.Count < 3) ErrorSamples.Add($"{error}: {Truncate(await response.Content.ReadAsStringAsync())}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            error = $"{label} {e.GetType().Name}";
            if (ErrorSamples.Count < 3) ErrorSamples.Add($"{error}: {Truncate(e.Message)}");
        }
        if (started >= from && started < to)
        {
            if (!Latencies.TryGetValue(label, out var list)) Latencies[label] = list = new List<double>(1 << 14);
            list.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        if (error is not null) Errors[error] = Errors.GetValueOrDefault(error) + 1;
        return error is null;
    }

    internal void Lagged(double ms)
    {
        LateSteps++;
        MaxLagMs = Math.Max(MaxLagMs, ms);
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
