using System.Diagnostics.Metrics;
using PanelIngest.Protocol;

namespace PanelIngest.Metrics;

/// <summary>
/// The ingest's instruments (meter <c>AlarmMonitoring.PanelIngest</c>): panels owned and connected (gauges), event-log
/// records read, poll round-trip time, reconnects and decode errors. No exporter here: a host that wants /metrics
/// listens to the meter.
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "AlarmMonitoring.PanelIngest";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> eventsRead;
    private readonly Histogram<double> pollRoundTrip;
    private readonly Counter<long> reconnects;
    private readonly Counter<long> decodeErrors;
    private int owned;
    private int connected;

    public IngestMetrics()
    {
        meter.CreateObservableGauge("alarm_monitoring.ingest.panels_owned", () => Volatile.Read(ref owned), "{panel}", "Panels whose lease this instance holds.");
        meter.CreateObservableGauge("alarm_monitoring.ingest.panels_connected", () => Volatile.Read(ref connected), "{panel}", "Panels this instance is talking to now.");
        eventsRead = meter.CreateCounter<long>("alarm_monitoring.ingest.events_read", "{record}", "Event-log records read and made durable.");
        pollRoundTrip = meter.CreateHistogram<double>("alarm_monitoring.ingest.poll_round_trip", "ms", "Time from sending 0x7F to its answer.");
        reconnects = meter.CreateCounter<long>("alarm_monitoring.ingest.reconnects", "{attempt}", "Connection attempts after a failure or a lost connection.");
        decodeErrors = meter.CreateCounter<long>("alarm_monitoring.ingest.decode_errors", "{frame}", "Frames dropped or answers that could not be read, by reason.");
    }

    /// <summary>Panels owned now (the coordinator sets it).</summary>
    public int Owned { get => Volatile.Read(ref owned); set => Volatile.Write(ref owned, value); }

    /// <summary>Panels connected now.</summary>
    public int Connected => Volatile.Read(ref connected);

    public void PanelConnected() => Interlocked.Increment(ref connected);

    public void PanelDisconnected() => Interlocked.Decrement(ref connected);

    public void EventsRead(int count) => eventsRead.Add(count);

    public void PollRoundTrip(TimeSpan elapsed) => pollRoundTrip.Record(elapsed.TotalMilliseconds);

    public void Reconnect() => reconnects.Add(1);

    public void FrameDropped(FrameDropReason reason) => decodeErrors.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void DecodeError(string reason) => decodeErrors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => meter.Dispose();
}
