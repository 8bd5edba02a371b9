using System.Diagnostics.Metrics;

namespace Host.Metrics;

/// <summary>
/// The Host's own instruments (meter <c>AlarmMonitoring.Host</c>). In the Host the meter comes from the host's meter
/// factory, which owns it and which tells this host's measurements from another's in the same process (tests).
/// </summary>
internal sealed class HostMetrics : IDisposable
{
    public const string MeterName = "AlarmMonitoring.Host";
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>A meter of its own, disposed with this (for unit tests of what records into it).</summary>
    public HostMetrics() : this(new Meter(MeterName), ownsMeter: true)
    {
    }

    public HostMetrics(IMeterFactory meters) : this(meters.Create(MeterName), ownsMeter: false)
    {
    }

    private HostMetrics(Meter meter, bool ownsMeter)
    {
        (_meter, _ownsMeter) = (meter, ownsMeter);
        Commands = _meter.CreateCounter<long>("alarm_monitoring.commands", description: "Commands handled, by command and outcome (ok, refused, stale, failed).");
        EventsAppended = _meter.CreateCounter<long>("alarm_monitoring.events_appended", description: "Events appended by commands.");
    }

    public Counter<long> Commands { get; }
    public Counter<long> EventsAppended { get; }

    /// <summary>Gauges read at scrape time from values a background refresh keeps (a scrape never waits on the database).</summary>
    public void AddGauge(string name, string description, Func<double> read) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }
}
