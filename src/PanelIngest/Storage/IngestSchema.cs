using EventStore.Schema;
using Npgsql;

namespace PanelIngest.Storage;

/// <summary>
/// The ingest's own tables, in the event store's schema (module <c>ingest</c>) so that a panel's position and the
/// messages read from it commit in one transaction with the outbox.
/// </summary>
public static class IngestSchema
{
    internal static readonly IReadOnlyList<Migrations.Step> Steps =
    [
        new(1, "positions, leases, nodes, secrets, control requests", """
            -- the last event-log record ingested per panel: its opaque index and a fingerprint of its content
            create table {schema}.ingest_positions (
                panel_id    text primary key,
                last_index  int not null,
                fingerprint text not null,
                updated_at  timestamptz not null default now()
            );
            -- which instance talks to which panel (a module takes one client at a time); times are the database's
            create table {schema}.ingest_leases (
                panel_id    text primary key,
                owner       text not null,
                expires_at  timestamptz not null
            );
            create index ingest_leases_owner on {schema}.ingest_leases (owner);
            create table {schema}.ingest_nodes (
                node_id      text primary key,
                heartbeat_at timestamptz not null default now()
            );
            -- AES-GCM ciphertexts under the master key; never a plain secret in the database
            create table {schema}.ingest_secrets (
                panel_id        text primary key,
                integration_key bytea,
                user_code       bytea,
                updated_at      timestamptz not null default now()
            );
            -- control requests received and not yet answered; the owner of the panel carries them out in order
            create table {schema}.ingest_control_requests (
                request_id   text primary key,
                seq          bigserial not null,
                panel_id     text not null,
                body         jsonb not null,
                received_at  timestamptz not null default now()
            );
            create index ingest_control_requests_panel on {schema}.ingest_control_requests (panel_id, seq);
            """),
    ];

    /// <summary>Creates or upgrades the ingest's tables (idempotent, safe from several instances at once).</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default) =>
        SchemaMigrator.MigrateAsync(dataSource, schema, "ingest", Steps, ct);

    /// <summary>The quoted schema name for SQL.</summary>
    internal static string Q(string schema) => SchemaMigrator.Quote(schema);
}
