using System.Diagnostics.Metrics;
using EventStore.Projections;
using Messaging;
using Messaging.Outbox;

namespace Host.Metrics;

internal static class MetricsModule
{
    /// <summary>The Host's meters, messaging's (consumer errors, relay), ASP.NET Core's request metrics, and the exporter behind <c>/metrics</c>.</summary>
    public static IServiceCollection AddMetricsModule(this IServiceCollection services)
    {
        services.AddSingleton<HostMetrics>();
        MessagingMetrics.EnsureCreated(); // listed from the first scrape, before the first message
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<IMeterFactory>(),
            scopedMeters: [HostMetrics.MeterName, "Microsoft.AspNetCore.Hosting"], processWideMeters: [MessagingMetrics.MeterName]));
        services.AddHostedService<GaugeRefresher>();
        return services;
    }

    /// <summary><c>GET /metrics</c> in the Prometheus text format.</summary>
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        var exporter = app.ServiceProvider.GetRequiredService<PrometheusExporter>(); // listening from start-up, not from the first scrape
        app.MapGet("/metrics", () => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8")).ExcludeFromDescription();
    }
}

/// <summary>Reads outbox depth and projection lag every few seconds for the gauges; failures leave the last values.</summary>
internal sealed partial class GaugeRefresher(HostMetrics metrics, MessageBus bus, ProjectionDaemon daemon, ILogger<GaugeRefresher> logger) : BackgroundService
{
    private double _pending, _scheduled, _oldest, _relays, _lagEvents, _lagSeconds;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        metrics.AddGauge("alarm_monitoring.outbox.pending", "Due outbox rows not yet confirmed by the broker (the backlog).", () => _pending);
        metrics.AddGauge("alarm_monitoring.outbox.scheduled", "Outbox rows waiting for their delivery time (escalation timers).", () => _scheduled);
        metrics.AddGauge("alarm_monitoring.outbox.oldest_age", "Seconds the oldest due outbox row has waited.", () => _oldest);
        metrics.AddGauge("alarm_monitoring.outbox.active_relays", "Relays with a recent heartbeat.", () => _relays);
        metrics.AddGauge("alarm_monitoring.projection.lag_events", "Events the furthest-behind projection has not applied.", () => _lagEvents);
        metrics.AddGauge("alarm_monitoring.projection.lag_seconds", "Age of the oldest event some projection has not applied.", () => _lagSeconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var outbox = await OutboxStats.ReadAsync(bus.Store.DataSource, bus.Options.Outbox, stop);
                (_pending, _scheduled, _oldest, _relays) = (outbox.Pending, outbox.Scheduled, outbox.OldestAgeSeconds, outbox.ActiveRelays);
                var projections = await daemon.GetStatusAsync(stop);
                _lagEvents = projections.Count == 0 ? 0 : projections.Max(p => p.EventsBehind);
                _lagSeconds = projections.Count == 0 ? 0 : projections.Max(p => p.SecondsBehind);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(e);
            }
            await Task.Delay(TimeSpan.FromSeconds(5), stop);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Metric gauges not refreshed (tables not migrated yet, or database away)")]
    private partial void LogRefreshFailed(Exception e);
}
