using System.Text.Json;
using EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Bench;

/// <summary>Sizes of one run: full (the documented figures) or --quick (a smoke run, same keys).</summary>
/// <param name="QuietWait">Longest wait, before each measurement, for the shared machine to be quiet.</param>
public sealed record Sizes(string Name, int Events, int Streams, int Batch1Events, int Rounds, TimeSpan ConcurrentWarmup, TimeSpan Concurrent, TimeSpan QuietWait)
{
    public static Sizes Full { get; } = new("full", 200_000, 1_000, 20_000, 4, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
    public static Sizes Quick { get; } = new("quick", 20_000, 1_000, 2_000, 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
}

/// <summary>The benchmark's event: about 100 bytes of JSON.</summary>
public sealed record MeterReading(string Meter, long Seq, double Value, string Unit, string Note);

/// <summary>Connection, fresh schemas and the raw-COPY reference table.</summary>
public sealed class BenchDb : IAsyncDisposable
{
    public const string SchemaPrefix = "bench_";
    public const string StreamType = "meter";
    public const string EventType = "meter_reading";
    private static readonly string Note = new('x', 28);
    private int _schemas;

    public BenchDb(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = Create(connectionString);
        Types = new EventTypeRegistry().Register<MeterReading>(EventType);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }
    public EventTypeRegistry Types { get; }
    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static NpgsqlDataSource Create(string connectionString, string? extra = null)
    {
        // The settings the store's hosting extension applies (auto-prepare), as a deployment would have them.
        var csb = new NpgsqlConnectionStringBuilder(EventStore.Hosting.EventStoreServiceCollectionExtensions.WithRecommendedSettings(connectionString)) { ApplicationName = "bench" };
        if (extra is not null) csb.ConnectionString += ";" + extra;
        return new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
    }

    public static MeterReading Reading(int stream, long seq) => new($"meter-{stream:D5}", seq, seq * 0.25, "kWh", Note);

    public static string StreamId(int stream) => $"meter-{stream:D5}";

    /// <summary>A unique schema name for one measurement.</summary>
    public string NewSchemaName(string tag) => $"{SchemaPrefix}{tag}_{Environment.ProcessId}_{Interlocked.Increment(ref _schemas)}";

    /// <summary>A store in a fresh, migrated schema (dropped by <see cref="DropSchemaAsync"/>).</summary>
    public async Task<PostgresEventStore> NewStoreAsync(string tag, NpgsqlDataSource? dataSource = null, bool disableAutovacuum = false)
    {
        var schema = NewSchemaName(tag);
        var store = new PostgresEventStore(dataSource ?? DataSource, new EventStoreOptions { Schema = schema, Types = Types, Json = Json });
        // Diagnostics: BENCH_COMBINE=0 turns combined appends off; BENCH_COMBINE_TX sets the batches in flight.
        if (Environment.GetEnvironmentVariable("BENCH_COMBINE") == "0") store.Options.CombineConcurrentAppends = false;
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_COMBINE_TX"), out var inFlight)) store.Options.CombinedAppendTransactions = inFlight;
        await store.MigrateAsync();
        if (disableAutovacuum)
            await ExecAsync($"alter table \"{schema}\".events set (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
        return store;
    }

    /// <summary>A plain table like the store's events table (same columns, defaults and indexes), no sequence, no streams table.</summary>
    public async Task<string> NewCopyTableAsync(string tag)
    {
        var schema = NewSchemaName(tag);
        await ExecAsync($"""
            create schema "{schema}";
            create table "{schema}".events (
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
                archived        boolean not null default false,
                hash            bytea
            );
            create unique index events_stream_version on "{schema}".events (stream_id, version);
            create index events_tx_position on "{schema}".events (tx_id, position);
            create unique index events_idempotency_key on "{schema}".events (idempotency_key) where idempotency_key is not null;
            """);
        return schema;
    }

    public async Task DropSchemaAsync(string schema) => await ExecAsync($"drop schema if exists \"{schema}\" cascade");

    /// <summary>
    /// Schemas left by a killed run of this harness: only names of <see cref="NewSchemaName"/>'s form whose process is
    /// gone (other scenarios and concurrent runs use the same database).
    /// </summary>
    public async Task DropLeftoversAsync()
    {
        var leftovers = new List<string>();
        await using (var cmd = DataSource.CreateCommand("select nspname, substring(nspname from '^bench_[a-z0-9_]*?_([0-9]+)_[0-9]+$') from pg_namespace where nspname like 'bench\\_%'"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                if (!r.IsDBNull(1) && !Directory.Exists($"/proc/{r.GetString(1)}")) leftovers.Add(r.GetString(0));
        foreach (var s in leftovers) await DropSchemaAsync(s);
    }

    public async Task ExecAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<List<string>> LinesAsync(string sql)
    {
        var lines = new List<string>();
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return lines;
    }

    public async Task<string> ServerVersionAsync() => await ScalarAsync<string>("show server_version");

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

/// <summary>
/// The physical reference: Npgsql binary COPY of the rows the store writes for a 10 streams x 100 events append
/// (the same 15 columns the store's COPY writes, same JSON, and 32 bytes in the hash column like the store's chain hash; withHash false leaves it null), into <see cref="BenchDb.NewCopyTableAsync"/>'s table, one COPY per transaction,
/// positions from a client counter. Uses the same async NpgsqlBinaryImporter calls as the store's COPY path.
/// </summary>
public sealed class CopyWriter(BenchDb db, string schema, int streams, bool withHash = true)
{
    private readonly long[] _versions = new long[streams];
    private long _position;
    private long _seq;
    private int _tx;

    public async Task WriteAsync(int events, int streamsPerTx, int eventsPerStream)
    {
        var copySql = $"""
            copy "{schema}".events (position, stream_id, version, event_id, type, data, correlation_id, causation_id, user_id, tenant,
                                    headers, timestamp, idempotency_key, archived{(withHash ? ", hash" : "")}) from stdin (format binary)
            """;
        var hash = new byte[32];
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var perTx = streamsPerTx * eventsPerStream;
        for (var done = 0; done < events; done += perTx)
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var copy = await conn.BeginBinaryImportAsync(copySql))
            {
                var now = DateTime.UtcNow;
                for (var s = 0; s < streamsPerTx; s++)
                {
                    var stream = (_tx * streamsPerTx + s) % streams;
                    var streamId = BenchDb.StreamId(stream);
                    for (var j = 0; j < eventsPerStream; j++)
                    {
                        var data = JsonSerializer.Serialize(BenchDb.Reading(stream, ++_seq), db.Json);
                        await copy.StartRowAsync();
                        await copy.WriteAsync(++_position, NpgsqlDbType.Bigint);
                        await copy.WriteAsync(streamId, NpgsqlDbType.Text);
                        await copy.WriteAsync(++_versions[stream], NpgsqlDbType.Bigint);
                        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                        await copy.WriteAsync(BenchDb.EventType, NpgsqlDbType.Text);
                        await copy.WriteAsync(data, NpgsqlDbType.Jsonb);
                        await copy.WriteNullAsync(); // correlation_id
                        await copy.WriteNullAsync(); // causation_id
                        await copy.WriteNullAsync(); // user_id
                        await copy.WriteNullAsync(); // tenant
                        await copy.WriteNullAsync(); // headers
                        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                        await copy.WriteNullAsync(); // idempotency_key
                        await copy.WriteAsync(false, NpgsqlDbType.Boolean); // archived (the store writes it too)
                        if (withHash) { System.Security.Cryptography.SHA256.HashData(hash, hash); await copy.WriteAsync(hash, NpgsqlDbType.Bytea); }
                    }
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
            _tx++;
        }
    }
}

/// <summary>
/// Appends through the store: multi-stream appends of <c>streamsPerTx</c> x <c>eventsPerStream</c>, or single-stream
/// appends, with exact expected versions tracked per stream (the strictest check the store offers).
/// </summary>
public sealed class StoreWriter(PostgresEventStore store, int streams)
{
    private readonly long[] _versions = new long[streams];
    private long _seq;
    private int _tx;

    public async Task WriteAsync(int events, int streamsPerTx, int eventsPerStream, List<double>? latenciesMs = null)
    {
        var perTx = streamsPerTx * eventsPerStream;
        for (var done = 0; done < events; done += perTx)
        {
            var appends = new StreamAppend[streamsPerTx];
            for (var s = 0; s < streamsPerTx; s++)
            {
                var stream = (_tx * streamsPerTx + s) % streams;
                var list = new NewEvent[eventsPerStream];
                for (var j = 0; j < eventsPerStream; j++) list[j] = new NewEvent(BenchDb.Reading(stream, ++_seq));
                appends[s] = new StreamAppend(BenchDb.StreamId(stream), BenchDb.StreamType, ExpectedVersion.Exact(_versions[stream]), list);
            }
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (streamsPerTx == 1)
                await store.AppendAsync(appends[0].StreamId, appends[0].StreamType, appends[0].Expected, appends[0].Events);
            else
                await store.AppendAsync(appends);
            latenciesMs?.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            for (var s = 0; s < streamsPerTx; s++) _versions[(_tx * streamsPerTx + s) % streams] += eventsPerStream;
            _tx++;
        }
    }
}
