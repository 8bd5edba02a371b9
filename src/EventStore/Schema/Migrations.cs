namespace EventStore.Schema;

/// <summary>
/// The store's schema, as numbered steps. A shipped step never changes: a change is a new step.
/// <c>{schema}</c> stands for the configured (validated) schema name.
/// </summary>
public static class Migrations
{
    /// <summary>One numbered schema step of a module; <c>{schema}</c> in its SQL is replaced by the quoted schema name.</summary>
    public sealed record Step(int Version, string Description, string Sql);

    internal static readonly IReadOnlyList<Step> All =
    [
        new(1, "streams, events, snapshots", """
            create table {schema}.streams (
                id          text primary key,
                type        text not null,
                version     bigint not null,
                tenant      text,
                created_at  timestamptz not null default now(),
                -- the last transaction that appended: an append from an older transaction id is refused so that
                -- ordering by (tx_id, position) keeps every stream's versions in order (see docs/event-store.md)
                last_tx     xid8 not null default pg_current_xact_id(),
                archived    boolean not null default false,
                tombstoned  boolean not null default false
            );
            create sequence {schema}.event_position as bigint;
            create table {schema}.events (
                position        bigint primary key,
                tx_id           xid8 not null default pg_current_xact_id(),
                stream_id       text not null,
                version         bigint not null,
                event_id        uuid not null,
                type            text not null,
                data            jsonb not null,
                correlation_id  text,
                causation_id    text,
                user_id         text,
                tenant          text,
                headers         jsonb,
                timestamp       timestamptz not null,
                idempotency_key text,
                archived        boolean not null default false
            );
            -- three indexes, each chosen: stream reads and the version guard; the daemon's keyset; idempotency.
            create unique index events_stream_version on {schema}.events (stream_id, version);
            create index events_tx_position on {schema}.events (tx_id, position);
            create unique index events_idempotency_key on {schema}.events (idempotency_key) where idempotency_key is not null;
            create table {schema}.snapshots (
                stream_id  text not null,
                name       text not null,
                version    bigint not null,
                data       jsonb not null,
                created_at timestamptz not null default now(),
                primary key (stream_id, name)
            );
            """),
        new(2, "projections: generations, progress, dead letters", """
            create table {schema}.projections (
                name            text primary key,
                live_generation int not null,
                created_at      timestamptz not null default now()
            );
            create table {schema}.projection_progress (
                name          text not null,
                generation    int not null,
                last_tx       xid8 not null default '0',
                last_position bigint not null default 0,
                processed     bigint not null default 0,
                state         text not null,
                error         text,
                updated_at    timestamptz not null default now(),
                primary key (name, generation)
            );
            create table {schema}.projection_dead_letters (
                id          bigserial primary key,
                projection  text not null,
                position    bigint not null,
                tx_id       xid8 not null,
                stream_id   text not null,
                version     bigint not null,
                type        text not null,
                error       text not null,
                recorded_at timestamptz not null default now()
            );
            """),
        // Tamper evidence (docs/event-store.md): the chain hash of each event, the stream's chain head, and the head
        // before the stream's latest append (returned by the append's stream step, so that the events can be
        // chained in the same statement without reading the old row, which READ COMMITTED could see stale).
        // Events stored before this step keep a null hash: verification reports them as unchained (legacy).
        new(3, "tamper evidence: per-stream hash chain", """
            alter table {schema}.events add column hash bytea;
            alter table {schema}.streams add column last_hash bytea, add column prev_hash bytea;
            -- h(v) = sha256(h(v-1) || int8send(v) || digest(v)), h(0) = 32 zero bytes; returns h(first) .. h(first + n - 1).
            create function {schema}.event_chain(prev bytea, first_version bigint, digests bytea[]) returns bytea[]
            language plpgsql immutable parallel safe as $chain$
            declare
                h bytea := coalesce(prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
                result bytea[] := '{}';
                i int;
            begin
                for i in 1 .. coalesce(cardinality(digests), 0) loop
                    h := sha256(h || int8send(first_version + i - 1) || digests[i]);
                    result := result || h;
                end loop;
                return result;
            end
            $chain$;
            """),
        // A statement sent with the COMMIT in one round trip (EventStoreSession.Append, the outbox and inbox rows of a
        // unit of work) cannot hand a "no row written" back to the client before the COMMIT runs: it calls this to
        // fail the transaction instead, with its own SQLSTATE (class ES) that the client translates.
        new(4, "refusals for statements sent with the commit", """
            create function {schema}.refuse(code text, message text) returns int
            language plpgsql as $refuse$
            begin
                raise exception using errcode = code, message = message;
            end
            $refuse$;
            """),
    ];
}
