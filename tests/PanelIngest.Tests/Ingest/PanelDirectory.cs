using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Projections.Panels;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// The Host's side of the panel directory in a test: panel registrations appended to the store, and the projection
/// daemon maintaining the <c>panel_directory</c> view the ingest reads.
/// </summary>
internal sealed class PanelDirectory(PostgresEventStore store) : IAsyncDisposable
{
    private readonly ProjectionDaemon daemon = new(store, [new PanelDirectoryProjection()],
        new DaemonOptions { PollInterval = TimeSpan.FromMilliseconds(100), ElectionInterval = TimeSpan.FromMilliseconds(200) });

    public Task StartAsync() => daemon.StartAsync();

    public Task RegisterAsync(string panelId, string host, int port, string? integrationKeyRef = null, PanelModel model = PanelModel.Integra128) =>
        store.AppendAsync($"panel-{panelId}", "panel", ExpectedVersion.Any,
            new PanelRegistered(panelId, "site-1", model, host, port, [new PanelPartition(1, "P1"), new PanelPartition(2, "P2")], [], integrationKeyRef, DateTimeOffset.UtcNow));

    public Task DecommissionAsync(string panelId) =>
        store.AppendAsync($"panel-{panelId}", "panel", ExpectedVersion.Any, new PanelDecommissioned(panelId, "test", DateTimeOffset.UtcNow));

    public ValueTask DisposeAsync() => daemon.DisposeAsync();
}
