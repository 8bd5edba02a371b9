using EventStore.Schema;
using Npgsql;

namespace Messaging.Schema;

/// <summary>The messaging tables, kept in the event store's schema so that one transaction covers events and messages.</summary>
public static class MessagingSchema
{
    internal static readonly IReadOnlyList<Migrations.Step> Steps =
    [
        new(1, "outbox, key guard, relay nodes, inbox, dead letters", """
            create table {schema}.outbox (
                id            bigserial primary key,
                tx_id         xid8 not null default pg_current_xact_id(),
                partition     smallint not null,
                message_id    uuid not null,
                message_type  text not null,
                exchange      text not null,
                routing_key   text not null,
                ordering_key  text,
                body          bytea not null,
                correlation_id text,
                causation_id  text,
                user_id       text,
                tenant        text,
                headers       jsonb,
                deliver_at    timestamptz,
                created_at    timestamptz not null default now()
            );
            -- the relay's read: per partition, in (transaction, id) order
            create index outbox_partition_order on {schema}.outbox (partition, tx_id, id);
            -- last writing transaction per ordering key: keeps (tx_id, id) order equal to commit order per key
            create table {schema}.outbox_keys (
                key        text primary key,
                last_tx    xid8 not null,
                touched_at timestamptz not null default now()
            );
            create table {schema}.relay_nodes (
                node_id      text primary key,
                started_at   timestamptz not null default now(),
                heartbeat_at timestamptz not null default now(),
                partitions   smallint[] not null default '{}'
            );
            create table {schema}.inbox (
                consumer   text not null,
                message_id uuid not null,
                handled_at timestamptz not null default now(),
                primary key (consumer, message_id)
            );
            create index inbox_handled_at on {schema}.inbox (handled_at);
            create table {schema}.dead_letters (
                id                bigserial primary key,
                queue             text not null,
                message_id        uuid not null,
                message_type      text,
                -- where a replay goes: the original destination for unroutable messages; null = straight to the queue
                exchange          text,
                routing_key       text,
                body              bytea not null,
                headers           jsonb,
                exception_type    text,
                exception_message text,
                failed_at         timestamptz not null default now(),
                replayed_at       timestamptz,
                unique (queue, message_id)
            );
            """),
        // What the audit trail needs of a handled message (audit trace): published outbox rows are deleted, so the
        // inbox, kept for MessagingHostOptions.InboxRetention, is where a message's passage is recorded. Rows written
        // before this step have nulls.
        new(2, "inbox: message type, correlation, causation and user of each handled message", """
            alter table {schema}.inbox
                add column if not exists message_type   text,
                add column if not exists correlation_id text,
                add column if not exists causation_id   text,
                add column if not exists user_id        text;
            create index if not exists inbox_correlation on {schema}.inbox (correlation_id) where correlation_id is not null;
            """),
        // The relay read a partition in (tx_id, id) order and filtered out the rows scheduled for later: with an
        // escalation timer per alarm, thousands of them, so every read walked a few hundred (about 200 buffers per
        // read for batches of a few rows, the relay's read the costliest statement at 2,000 panels). Rows due now and
        // rows scheduled are indexed apart; the read takes the next of each and merges them (OutboxReader).
        new(3, "outbox: immediate and scheduled rows indexed apart", """
            create index if not exists outbox_partition_immediate on {schema}.outbox (partition, tx_id, id) where deliver_at is null;
            create index if not exists outbox_partition_scheduled on {schema}.outbox (partition, deliver_at) where deliver_at is not null;
            drop index if exists {schema}.outbox_partition_order;
            """),
    ];

    /// <summary>Creates or upgrades the messaging tables (idempotent, safe from several processes at once).</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default) =>
        SchemaMigrator.MigrateAsync(dataSource, schema, "messaging", Steps, ct);
}
