using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Host.Metrics;

/// <summary>
/// A small Prometheus text-format exporter over System.Diagnostics.Metrics (prometheus-net is not available to
/// us): a MeterListener aggregates counters, up-down counters and histograms as they are recorded, and observable
/// instruments are read at scrape time. Every instrument listened to is listed (HELP, TYPE) from the moment it is
/// published, before its first measurement, so that a metric's name exists before its first event.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();
    private readonly ConcurrentDictionary<Instrument, byte> _instruments = new();
    private readonly HashSet<string> _scoped;
    private readonly HashSet<string> _processWide;

    /// <param name="scope">This host's meter factory.</param>
    /// <param name="scopedMeters">
    /// Meters the host makes through its factory (its own, ASP.NET Core's): listened to only when made by
    /// <paramref name="scope"/>. Another host in the same process (tests) has its own, and a meter of the same name
    /// made without a factory (a unit test's) is not this host's either: listing it too gave one metric two TYPE lines.
    /// </param>
    /// <param name="processWideMeters">Static library meters (no factory, one per process), listened to always.</param>
    public PrometheusExporter(IMeterFactory scope, IEnumerable<string> scopedMeters, IEnumerable<string> processWideMeters)
    {
        _scoped = scopedMeters.ToHashSet(StringComparer.Ordinal);
        _processWide = processWideMeters.ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            var ours = _scoped.Contains(meter.Name) ? ReferenceEquals(meter.Scope, scope) : _processWide.Contains(meter.Name) && meter.Scope is null;
            if (!ours) return;
            _instruments[instrument] = 0;
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out byte _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _series.GetOrAdd((instrument, Labels(tags)), _ => new Series());
        lock (series)
        {
            if (instrument is Histogram<double> or Histogram<long> or Histogram<int>)
            {
                series.Count++;
                series.Sum += value;
                for (var b = 0; b < Buckets.Length; b++) if (value <= Buckets[b]) series.Buckets[b]++;
            }
            else if (instrument.GetType().Name.StartsWith("Observable", StringComparison.Ordinal)) series.Sum = value; // last observed
            else series.Sum += value;
        }
    }

    /// <summary>The current values in the Prometheus text exposition format (version 0.0.4).</summary>
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        var series = _series.ToLookup(s => s.Key.Instrument);
        foreach (var instrument in _instruments.Keys.Union(series.Select(g => g.Key)).OrderBy(Name, StringComparer.Ordinal))
        {
            var name = Name(instrument);
            var kind = instrument switch
            {
                Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
                Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => "counter",
                _ => "gauge",
            };
            if (kind == "counter") name += "_total";
            if (instrument.Description is { Length: > 0 } help) text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace('\n', ' ')).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
            foreach (var ((_, labels), values) in series[instrument].OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                lock (values)
                {
                    if (kind != "histogram")
                    {
                        Line(text, name, labels, values.Sum);
                        continue;
                    }
                    for (var b = 0; b < Buckets.Length; b++) Line(text, name + "_bucket", Join(labels, $"le=\"{F(Buckets[b])}\""), values.Buckets[b]);
                    Line(text, name + "_bucket", Join(labels, "le=\"+Inf\""), values.Count);
                    Line(text, name + "_sum", labels, values.Sum);
                    Line(text, name + "_count", labels, values.Count);
                }
            }
        }
        return text.ToString();
    }

    /// <summary><c>http.server.request.duration</c> (unit s) becomes <c>http_server_request_duration_seconds</c>.</summary>
    private static string Name(Instrument instrument)
    {
        var name = new string(instrument.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return instrument.Unit switch
        {
            "s" => name + "_seconds",
            "By" => name + "_bytes",
            _ => name,
        };
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var label = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{label}=\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ').Append(F(value)).Append('\n');

    private static string F(double v) => double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _listener.Dispose();

    private sealed class Series
    {
        public double Sum;
        public long Count;
        public readonly long[] Buckets = new long[PrometheusExporter.Buckets.Length];
    }
}
