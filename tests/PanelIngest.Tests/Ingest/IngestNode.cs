using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PanelIngest.Hosting;
using PanelIngest.Ownership;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// One ingest instance in the test process, built by the same composition as Program.cs, with short delays, its own
/// node id, and its log lines captured.
/// </summary>
internal sealed class IngestNode : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private IngestNode(IHost host, CapturedLogs logs, string nodeId)
    {
        this.host = host;
        Logs = logs;
        NodeId = nodeId;
    }

    public CapturedLogs Logs { get; }

    public string NodeId { get; }

    public IServiceProvider Services => host.Services;

    public IReadOnlyCollection<string> Owned => host.Services.GetRequiredService<OwnershipCoordinator>().OwnedPanels;

    /// <param name="broker">Run with RabbitMQ (relay and control queue) on the test's exchange and queue; else the outbox only fills.</param>
    public static async Task<IngestNode> StartAsync(string schema, string nodeId, string? masterKey = null, bool broker = false, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = IngestDatabase.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = broker ? IngestDatabase.RabbitMq : null,
            ["EventStore:Schema"] = schema,
            ["Messaging:Exchange"] = "x-" + schema,
            ["Messaging:Queue"] = "q-" + schema,
            ["Ingest:NodeId"] = nodeId,
            ["Ingest:MasterKey"] = masterKey,
            ["Ingest:PollInterval"] = "00:00:00.200",
            ["Ingest:DirectoryRefreshInterval"] = "00:00:00.300",
            ["Ingest:LeaseRenewInterval"] = "00:00:00.300",
            ["Ingest:LeaseDuration"] = "00:00:02",
            ["Ingest:NodeTimeout"] = "00:00:02",
            ["Ingest:BalanceSlack"] = "1",
            ["Ingest:BusyProbe"] = "00:00:00.050",
            ["Ingest:RequestTimeout"] = "00:00:02",
            ["Ingest:ReconnectDelay"] = "00:00:00.200",
            ["Ingest:ReconnectJitter"] = "00:00:00.100",
            ["Ingest:OfflineAfter"] = "00:00:02",
            ["Ingest:ControlPollInterval"] = "00:00:00.100",
            ["Ingest:BatchSize"] = "50",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var builder = IngestApplication.CreateBuilder([], settings);
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var host = builder.Build();
        await host.StartAsync();
        return new IngestNode(host, logs, nodeId);
    }

    /// <summary>Stops gracefully: sessions close their connections, then the leases go.</summary>
    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        await host.StopAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}
