using EventStore.Internal;
using EventStore.Schema;
using Npgsql;

namespace EventStore;

/// <summary>
/// The event store: streams of events in PostgreSQL with optimistic concurrency, idempotent appends, reads
/// (forward, backward, as of a version or time, the whole log), aggregation and stream lifecycle. Thread-safe;
/// create one per database and schema and share it.
/// </summary>
public sealed partial class PostgresEventStore : IAsyncDisposable
{
    private readonly Sql _sql;
    private readonly PgNotifier _notifier;

    /// <summary>Creates a store over <paramref name="dataSource"/>. Call <see cref="MigrateAsync"/> once at start-up.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgresEventStore(NpgsqlDataSource dataSource, EventStoreOptions? options = null)
    {
        DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        Options = options ?? new EventStoreOptions();
        Options.Validate();
        _sql = new Sql(Options.Schema);
        _notifier = new PgNotifier(dataSource, NotificationChannel);
    }

    public NpgsqlDataSource DataSource { get; }
    public EventStoreOptions Options { get; }

    /// <summary>The LISTEN/NOTIFY channel on which appends are announced (coalesced, after commit).</summary>
    public string NotificationChannel => $"eventstore_{Options.Schema}";

    /// <summary>
    /// Creates or upgrades the schema, idempotently and safely when several processes start at once, and creates
    /// the inline projections' tables. Returns the migration steps applied by this call.
    /// </summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        var applied = await SchemaMigrator.MigrateAsync(DataSource, Options.Schema, ct);
        foreach (var projection in Options.InlineProjections)
            await Projections.ProjectionCatalog.EnsureAsync(DataSource, Options.Schema, projection, ct);
        return applied;
    }

    /// <summary>Opens a unit of work: appends and the caller's own commands share one transaction.</summary>
    public async Task<EventStoreSession> OpenSessionAsync(CancellationToken ct = default)
    {
        var conn = await DataSource.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(ct);
            return new EventStoreSession(this, conn, tx);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    internal Sql SqlText => _sql;

    internal void OnCommitted()
    {
        Interlocked.Increment(ref _commitsAnnounced);
        _notifier.Signal();
    }

    private long _commitsAnnounced;

    /// <summary>Commits that asked for a notification so far (for tests).</summary>
    internal long CommitsAnnounced => Interlocked.Read(ref _commitsAnnounced);

    public ValueTask DisposeAsync() => _notifier.DisposeAsync();
}
