namespace PanelSimulator;

/// <summary>
/// Drives scenarios and random traffic for any number of panels from one loop and one priority queue (ordered by
/// due time), so a fleet of thousands needs no timer or thread per panel. Actions run on the loop, one at a time.
/// </summary>
public sealed class TrafficScheduler : IAsyncDisposable
{
    // The loop sleeps at most this long, so entries added while it sleeps start on time within this slack.
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider time;
    private readonly PriorityQueue<Func<DateTimeOffset, DateTimeOffset?>, DateTimeOffset> queue = new();
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;
    private long actions;
    private long failures;

    /// <param name="time">The clock; the system clock by default.</param>
    public TrafficScheduler(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        running = Task.Run(RunAsync);
    }

    /// <summary>How many actions ran so far.</summary>
    public long ActionsRun => Interlocked.Read(ref actions);

    /// <summary>How many actions threw; each is dropped from the schedule.</summary>
    public long ActionsFailed => Interlocked.Read(ref failures);

    /// <summary>Plays <paramref name="scenario"/> on <paramref name="panel"/>, starting after <paramref name="delay"/>.</summary>
    public void AddScenario(SimulatedPanel panel, Scenario scenario, TimeSpan delay = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Steps.Count == 0)
            return;
        var start = time.GetUtcNow() + delay;
        var step = 0;
        // Each run does one step and says when the next one is due (null: the scenario is over).
        DateTimeOffset? Next(DateTimeOffset now)
        {
            scenario.Steps[step].ApplyTo(panel);
            if (++step == scenario.Steps.Count)
            {
                if (scenario.RepeatEvery is not { } period)
                    return null;
                step = 0;
                start += period;
            }
            return start + scenario.Steps[step].At;
        }
        Enqueue(Next, start + scenario.Steps[0].At);
    }

    /// <summary>Adds random traffic at <paramref name="eventsPerSecond"/> to <paramref name="panel"/>.</summary>
    public void AddRandomTraffic(SimulatedPanel panel, double eventsPerSecond, int seed)
    {
        var traffic = new RandomTraffic(panel, eventsPerSecond, seed);
        var due = time.GetUtcNow() + traffic.NextGap();
        DateTimeOffset? Next(DateTimeOffset now)
        {
            traffic.Act();
            // From the due time, not from now, so a late loop catches up instead of lowering the rate.
            due += traffic.NextGap();
            return due;
        }
        Enqueue(Next, due);
    }

    /// <summary>Stops the loop; actions in flight finish first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        stopping.Dispose();
    }

    private void Enqueue(Func<DateTimeOffset, DateTimeOffset?> action, DateTimeOffset due)
    {
        lock (gate)
            queue.Enqueue(action, due);
    }

    private async Task RunAsync()
    {
        var due = new List<Func<DateTimeOffset, DateTimeOffset?>>();
        while (!stopping.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            TimeSpan sleep;
            lock (gate)
            {
                while (queue.TryPeek(out var action, out var at) && at <= now)
                {
                    queue.Dequeue();
                    due.Add(action);
                }
                sleep = queue.TryPeek(out _, out var next) ? next - now : MaxSleep;
            }
            foreach (var action in due)
            {
                try
                {
                    if (action(now) is { } again)
                        Enqueue(action, again);
                    Interlocked.Increment(ref actions);
                }
                catch (Exception)
                {
                    // A failing action (an EventGenerated handler that throws, say) is dropped, not the whole loop.
                    Interlocked.Increment(ref failures);
                }
            }
            due.Clear();
            try
            {
                await Task.Delay(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > MaxSleep ? MaxSleep : sleep, time, stopping.Token)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
