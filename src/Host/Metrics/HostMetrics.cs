using System.Diagnostics.Metrics;

namespace Host.Metrics;

/// <summary>The Host's own instruments (meter <c>AlarmMonitoring.Host</c>).</summary>
internal sealed class HostMetrics : IDisposable
{
    public const string MeterName = "AlarmMonitoring.Host";
    private readonly Meter _meter = new(MeterName);

    public HostMetrics()
    {
        Commands = _meter.CreateCounter<long>("alarm_monitoring.commands", description: "Commands handled, by command and outcome (ok, refused, stale, failed).");
        EventsAppended = _meter.CreateCounter<long>("alarm_monitoring.events_appended", description: "Events appended by commands.");
    }

    public Counter<long> Commands { get; }
    public Counter<long> EventsAppended { get; }

    /// <summary>Gauges read at scrape time from values a background refresh keeps (a scrape never waits on the database).</summary>
    public void AddGauge(string name, string description, Func<double> read) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
