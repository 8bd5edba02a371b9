using EventStore.Internal;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Projections;

/// <summary>
/// Inline projections: applied in the append's own transaction, so a read model sees its own write. Before
/// writing events the append takes a share lock on the projections' rows (a rebuild's switch waits for it), and
/// learns the live generation to write to.
/// </summary>
internal sealed class InlineProjections
{
    private readonly PostgresEventStore _store;
    private readonly Dictionary<string, int> _generations;
    private readonly ulong _transactionId;

    private InlineProjections(PostgresEventStore store, Dictionary<string, int> generations, ulong transactionId)
    {
        _store = store;
        _generations = generations;
        _transactionId = transactionId;
    }

    public static async Task<InlineProjections> LockAsync(PostgresEventStore store, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var q = SchemaMigrator.Quote(store.Options.Schema);
        var names = store.Options.InlineProjections.Select(p => p.Name).ToArray();
        await using var cmd = new NpgsqlCommand($"select name, live_generation, pg_current_xact_id() from {q}.projections where name = any($1) for share", conn, tx);
        cmd.Parameters.Add(new() { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var generations = new Dictionary<string, int>(StringComparer.Ordinal);
        ulong xid = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                generations[r.GetString(0)] = r.GetInt32(1);
                xid = r.GetFieldValue<ulong>(2);
            }
        var missing = names.Where(n => !generations.ContainsKey(n)).ToArray();
        if (missing.Length > 0) throw new InvalidOperationException($"Inline projection(s) {string.Join(", ", missing)} not set up: call MigrateAsync at start-up.");
        return new InlineProjections(store, generations, xid);
    }

    public async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PreparedStream> streams, AppendResult result, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        for (var i = 0; i < streams.Count; i++)
            for (var j = 0; j < streams[i].Events.Count; j++)
            {
                var appended = result.Streams[i].Events[j];
                if (appended.Duplicate) continue;
                var e = streams[i].Events[j];
                events.Add(new StoredEvent(appended.Position, streams[i].StreamId, appended.StreamVersion, e.EventId, e.Type, e.Original, e.Data,
                    e.Metadata, new DateTimeOffset(e.Timestamp, TimeSpan.Zero), _transactionId));
            }
        if (events.Count == 0) return;
        events.Sort((a, b) => a.Position.CompareTo(b.Position));
        foreach (var projection in _store.Options.InlineProjections)
        {
            var types = projection.EventTypes;
            var mine = types is null ? events : events.Where(e => types.Contains(e.EventType)).ToList();
            if (mine.Count > 0)
                await projection.ApplyAsync(new ProjectionContext(conn, tx, _store.Options.Schema, projection.Name, _generations[projection.Name]), mine, ct);
        }
    }
}
