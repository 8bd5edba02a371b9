using EventStore;
using EventStore.Schema;
using Messaging.Schema;

namespace Host.Infrastructure;

/// <summary>
/// The Host's own tables, in the store's schema (module "host" in schema_versions), so that they are written in the
/// same transaction as the events they follow. Migrated at start-up, before the Host serves requests and before
/// messaging starts consuming.
/// </summary>
internal sealed class HostSchema(PostgresEventStore store) : IHostedService
{
    internal static readonly IReadOnlyList<Migrations.Step> Steps =
    [
        new(1, "open alarm slots: the open alarm of each (panel, kind, partition, zone)", """
            create table {schema}.open_alarm_slots (
                panel_id  text not null,
                kind      int not null,
                partition int not null, -- -1: the alarm has no partition (communication loss)
                zone      int not null, -- -1: the alarm has no zone
                alarm_id  text not null,
                primary key (panel_id, kind, partition, zone)
            );
            """),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken); // the schema and schema_versions first, whoever starts first
        // Messaging's tables too, before the Host serves requests: a command that writes the outbox (panel control)
        // must not meet a missing table because messaging's own migration runs in the background.
        await MessagingSchema.MigrateAsync(store.DataSource, store.Options.Schema, cancellationToken);
        await SchemaMigrator.MigrateAsync(store.DataSource, store.Options.Schema, "host", Steps, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
