using EventStore.Schema;

namespace EventStore.Internal;

/// <summary>The store's SQL for one schema, built once. Values are always parameters; only the validated schema name is spliced in.</summary>
internal sealed class Sql
{
    public Sql(string schema)
    {
        var s = SchemaMigrator.Quote(schema);
        Schema = s;

        // Stream steps: each returns the stream's new version, whether it is archived and the chain head before this
        // append (prev_hash), or no row when the expectation does not hold.
        // $1 id, $2 type, $3 event count, $4 tenant, $5 expected version, {D} the events' content digests.
        // last_tx <= pg_current_xact_id(): see docs/event-store.md, "Per-stream order". The SET expressions read the
        // row that won the lock (never a stale snapshot), so the chain continues from the true head even for 'any'.
        const string streamAny = """
            insert into {0}.streams as st (id, type, version, tenant, last_tx, last_hash)
            values ($1, $2, $3, $4, pg_current_xact_id(), ({0}.event_chain(null, 1, {1}))[$3])
            on conflict (id) do update set version = st.version + excluded.version, last_tx = excluded.last_tx,
              prev_hash = st.last_hash, last_hash = ({0}.event_chain(st.last_hash, st.version + 1, {1}))[$3]
              where st.last_tx <= excluded.last_tx and not st.tombstoned
            returning st.version, st.archived, st.prev_hash
            """;
        const string streamNew = """
            insert into {0}.streams (id, type, version, tenant, last_tx, last_hash)
            values ($1, $2, $3, $4, pg_current_xact_id(), ({0}.event_chain(null, 1, {1}))[$3])
            on conflict (id) do nothing
            returning version, archived, prev_hash
            """;
        const string streamExact = """
            update {0}.streams as st set version = st.version + $3, last_tx = pg_current_xact_id(),
              prev_hash = st.last_hash, last_hash = ({0}.event_chain(st.last_hash, st.version + 1, {1}))[$3]
            where st.id = $1 and st.version = $5 and st.last_tx <= pg_current_xact_id() and not st.tombstoned
            returning st.version, st.archived, st.prev_hash
            """;
        string Step(string template, string digests) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, s, digests);

        // The COPY path's stream steps leave the chain to the client: they return the head before this append
        // (prev_hash, read from the locked row) and the client links the events from it while it writes them, then
        // sets every stream's new head in one statement (SetHeads) before the commit. Hashing a thousand events in
        // PL/pgSQL cost more than the COPY of them.
        const string copyAny = """
            insert into {0}.streams as st (id, type, version, tenant, last_tx)
            values ($1, $2, $3, $4, pg_current_xact_id())
            on conflict (id) do update set version = st.version + excluded.version, last_tx = excluded.last_tx, prev_hash = st.last_hash
              where st.last_tx <= excluded.last_tx and not st.tombstoned
            returning st.version, st.archived, st.prev_hash
            """;
        const string copyNew = """
            insert into {0}.streams (id, type, version, tenant, last_tx)
            values ($1, $2, $3, $4, pg_current_xact_id())
            on conflict (id) do nothing
            returning version, archived, prev_hash
            """;
        const string copyExact = """
            update {0}.streams as st set version = st.version + $3, last_tx = pg_current_xact_id(), prev_hash = st.last_hash
            where st.id = $1 and st.version = $5 and st.last_tx <= pg_current_xact_id() and not st.tombstoned
            returning st.version, st.archived, st.prev_hash
            """;
        StreamAny = Step(copyAny, "");
        StreamNew = Step(copyNew, "");
        StreamExact = Step(copyExact, "");
        SetHeads = $"update {s}.streams as st set last_hash = u.head from unnest($1::text[], $2::bytea[]) as u(id, head) where st.id = u.id";

        // One event, the common case (every command): scalar parameters, and the chain link inline, without the
        // PL/pgSQL loop. The event's hash is the stream's new head. $6.. event_id, type, data, correlation, causation,
        // user, tenant, headers, timestamp, idempotency key, $16 digest.
        const string singleHead = "sha256(coalesce({0}, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) || int8send({1}) || $16::bytea)";
        string Head(string previous, string version) => string.Format(System.Globalization.CultureInfo.InvariantCulture, singleHead, previous, version);
        string SingleStep(string template) => template
            .Replace("({0}.event_chain(null, 1, {1}))[$3]", Head("null", "1"), StringComparison.Ordinal)
            .Replace("({0}.event_chain(st.last_hash, st.version + 1, {1}))[$3]", Head("st.last_hash", "st.version + 1"), StringComparison.Ordinal)
            .Replace("{0}", s, StringComparison.Ordinal)
            .Replace("returning version, archived, prev_hash", "returning version, archived, last_hash", StringComparison.Ordinal)
            .Replace("returning st.version, st.archived, st.prev_hash", "returning st.version, st.archived, st.last_hash", StringComparison.Ordinal);
        var singleEvent = $"""
            insert into {s}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id,
                                    user_id, tenant, headers, timestamp, idempotency_key, archived, hash)
            select nextval('{s}.event_position'), $1, st.version, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, st.archived, st.last_hash
            from st
            returning position, version
            """;
        SingleAny = $"with st as ({SingleStep(streamAny)})\n{singleEvent}";
        SingleNew = $"with st as ({SingleStep(streamNew)})\n{singleEvent}";
        SingleExact = $"with st as ({SingleStep(streamExact)})\n{singleEvent}";

        // The same appends sent with the COMMIT (EventStoreSession.Append): a refused expectation cannot return "no
        // row" to a client that has already sent the COMMIT behind it, so it fails the transaction (SQLSTATE
        // RefusedAppend, the message is the stream id) and the COMMIT never runs.
        var refused = $"select {s}.refuse('{RefusedAppend}', $1) where not exists (select 1 from e)";
        DeferredSingleAny = $"with st as ({SingleStep(streamAny)}),\ne as ({singleEvent})\n{refused}";
        DeferredSingleNew = $"with st as ({SingleStep(streamNew)}),\ne as ({singleEvent})\n{refused}";
        DeferredSingleExact = $"with st as ({SingleStep(streamExact)}),\ne as ({singleEvent})\n{refused}";

        // One event in each of several streams, in one statement (combined appends): the stream steps of every
        // expectation as two set-based steps, the chain links inline. $4 holds each append's expectation in
        // ExpectedVersion's encoding: -1 any, 0 no stream, n exact. An 'any' append of a stream that does not exist
        // yet is an insert; one of an existing stream an update. A stream whose expectation does not hold returns
        // no row (and writes nothing); so does one created concurrently by another writer, which the caller then
        // appends alone. $1 stream ids, $2 stream types, $3 stream tenants, $5.. as the events' columns, $15 digests.
        const string zero = "'\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea";
        CombinedSingles = $"""
            with u as (
              select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], $7::jsonb[], $8::text[],
                                   $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[], $14::text[], $15::bytea[])
                as u(id, stream_type, stream_tenant, expected, event_id, type, data, corr, caus, usr, ten, hdr, ts, ikey, digest)),
            upd as (
              update {s}.streams as st set version = st.version + 1, last_tx = pg_current_xact_id(), prev_hash = st.last_hash,
                last_hash = sha256(coalesce(st.last_hash, {zero}) || int8send(st.version + 1) || u.digest)
              from u
              where st.id = u.id and u.expected <> 0 and (u.expected = -1 or st.version = u.expected)
                and st.last_tx <= pg_current_xact_id() and not st.tombstoned
              returning st.id, st.version, st.archived, st.last_hash),
            ins as (
              insert into {s}.streams (id, type, version, tenant, last_tx, last_hash)
              select u.id, u.stream_type, 1, u.stream_tenant, pg_current_xact_id(), sha256({zero} || int8send(1) || u.digest)
              from u
              where u.expected <= 0
              order by u.id
              on conflict (id) do nothing
              returning id, version, archived, last_hash),
            w as (select * from upd union all select * from ins)
            insert into {s}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id,
                                    user_id, tenant, headers, timestamp, idempotency_key, archived, hash)
            select nextval('{s}.event_position'), w.id, w.version, u.event_id, u.type, u.data, u.corr, u.caus, u.usr, u.ten,
                   u.hdr, u.ts, u.ikey, w.archived, w.last_hash
            from w join u on u.id = w.id
            returning position, version, stream_id
            """;

        // Events of one stream in one statement: unnest the columns, number them from the step's version, chain them
        // from the step's prev_hash. $6.. arrays: event_id, type, data, correlation, causation, user, tenant, headers,
        // timestamp, idempotency key; $16 digests.
        const string insertEvents = """
            e as (
              insert into {0}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id,
                                      user_id, tenant, headers, timestamp, idempotency_key, archived, hash)
              select nextval('{0}.event_position'), $1, st.version - $3 + u.ord, u.event_id, u.type, u.data, u.corr, u.caus,
                     u.usr, u.ten, u.hdr, u.ts, u.ikey, st.archived, c.hashes[u.ord]
              from st cross join lateral (select {0}.event_chain(st.prev_hash, st.version - $3 + 1, $16::bytea[]) as hashes) c
                   cross join unnest($6::uuid[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[],
                                     $13::jsonb[], $14::timestamptz[], $15::text[])
                   with ordinality as u(event_id, type, data, corr, caus, usr, ten, hdr, ts, ikey, ord)
              order by u.ord
              returning position, version)
            select position, version from e
            """;
        var events = string.Format(System.Globalization.CultureInfo.InvariantCulture, insertEvents, s);
        AppendAny = $"with st as ({Step(streamAny, "$16::bytea[]")}),\n{events}";
        AppendNew = $"with st as ({Step(streamNew, "$16::bytea[]")}),\n{events}";
        AppendExact = $"with st as ({Step(streamExact, "$16::bytea[]")}),\n{events}";
        var eventsCte = events[..events.LastIndexOf("select position, version from e", StringComparison.Ordinal)];
        DeferredAppendAny = $"with st as ({Step(streamAny, "$16::bytea[]")}),\n{eventsCte}{refused}";
        DeferredAppendNew = $"with st as ({Step(streamNew, "$16::bytea[]")}),\n{eventsCte}{refused}";
        DeferredAppendExact = $"with st as ({Step(streamExact, "$16::bytea[]")}),\n{eventsCte}{refused}";

        // The combined batch's settings, for its own transaction only. enable_seqscan: the set-based statement
        // (CombinedSingles) joins its input to streams, and on a small or never-analysed streams table the planner
        // would scan and hash the whole table for each batch; the index (one probe per stream, in the input's
        // order, which is also the lock order) is always right here. The cached plan is made under these settings,
        // as the statement only ever runs after them. plan_cache_mode: the input's arrays change length every batch, so
        // PostgreSQL would find each custom plan (for the actual length) cheaper than the generic one and plan the
        // statement again on every execution, at more than a millisecond each.
        CombinedLockTimeout = """
            select set_config('lock_timeout', '200ms', true), set_config('enable_seqscan', 'off', true),
                   set_config('plan_cache_mode', 'force_generic_plan', true)
            """;
        AllocatePositions = $"select nextval('{s}.event_position') from generate_series(1, $1)";
        CopyEvents = $"""
            copy {s}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id, user_id, tenant,
                             headers, timestamp, idempotency_key, archived, hash) from stdin (format binary)
            """;
        StreamState = $"select version, tombstoned from {s}.streams where id = $1";
        FindKeys = $"""
            select e.idempotency_key, e.position, e.stream_id, e.version, st.version
              from {s}.events e join {s}.streams st on st.id = e.stream_id
             where e.idempotency_key = any($1)
            """;

        const string columns = "position, stream_id, version, event_id, type, data, correlation_id, causation_id, user_id, tenant, headers, timestamp, tx_id";
        Columns = columns;
        ReadForward = $"select {columns} from {s}.events where stream_id = $1 and version >= $2 and (not archived or $4) order by version limit $3";
        ReadBackward = $"select {columns} from {s}.events where stream_id = $1 and version <= $2 and (not archived or $4) order by version desc limit $3";
        ReadAll = $"select {columns} from {s}.events where position > $1 and (not archived or $3) order by position limit $2";
        StreamInfo = $"select id, type, version, tenant, created_at, archived, tombstoned from {s}.streams where id = $1";
        Archive = $"""
            with st as (update {s}.streams set archived = true where id = $1 and not tombstoned returning id)
            update {s}.events set archived = true where stream_id = (select id from st) and not archived
            """;
        Tombstone = $"""
            with st as (update {s}.streams set tombstoned = true, archived = true where id = $1 returning id),
                 sn as (delete from {s}.snapshots where stream_id = (select id from st))
            delete from {s}.events where stream_id = (select id from st)
            """;
        StreamExists = $"select 1 from {s}.streams where id = $1";
        LoadSnapshot = $"select version, data from {s}.snapshots where stream_id = $1 and name = $2 and version <= $3";
        SaveSnapshot = $"""
            insert into {s}.snapshots (stream_id, name, version, data) values ($1, $2, $3, $4::jsonb)
            on conflict (stream_id, name) do update set version = excluded.version, data = excluded.data, created_at = now()
              where {s}.snapshots.version < excluded.version
            """;
    }

    public string Schema { get; }
    public string StreamAny { get; }
    public string StreamNew { get; }
    public string StreamExact { get; }
    public string AppendAny { get; }
    public string AppendNew { get; }
    public string AppendExact { get; }
    public string SingleAny { get; }
    public string SingleNew { get; }
    public string SingleExact { get; }
    public string DeferredSingleAny { get; }
    public string DeferredSingleNew { get; }
    public string DeferredSingleExact { get; }
    public string DeferredAppendAny { get; }
    public string DeferredAppendNew { get; }
    public string DeferredAppendExact { get; }

    /// <summary>The SQLSTATE of a refused append sent with the commit (schema function <c>refuse</c>).</summary>
    public const string RefusedAppend = "ES409";
    public string SetHeads { get; }
    public string CombinedSingles { get; }
    public string CombinedLockTimeout { get; }
    public string AllocatePositions { get; }
    public string CopyEvents { get; }
    public string StreamState { get; }
    public string FindKeys { get; }
    public string Columns { get; }
    public string ReadForward { get; }
    public string ReadBackward { get; }
    public string ReadAll { get; }
    public string StreamInfo { get; }
    public string Archive { get; }
    public string Tombstone { get; }
    public string StreamExists { get; }
    public string LoadSnapshot { get; }
    public string SaveSnapshot { get; }
}
