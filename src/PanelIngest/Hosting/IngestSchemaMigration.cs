using EventStore;
using Messaging.Schema;
using Microsoft.Extensions.Hosting;
using PanelIngest.Storage;

namespace PanelIngest.Hosting;

/// <summary>
/// Creates the ingest's tables, and the messaging tables its batches write to, before anything else runs (hosted
/// services start in registration order; messaging migrates its own only in the background).
/// </summary>
internal sealed class IngestSchemaMigration(PostgresEventStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await MessagingSchema.MigrateAsync(store.DataSource, store.Options.Schema, cancellationToken);
        await IngestSchema.MigrateAsync(store.DataSource, store.Options.Schema, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
