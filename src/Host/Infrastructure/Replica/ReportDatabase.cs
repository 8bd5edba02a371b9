using EventStore;

namespace Host.Infrastructure.Replica;

/// <summary>
/// Where report queries run. For now the primary (the store's data source); the reporting replica with fallback to
/// the primary arrives with issue 6. Report endpoints and the report scheduler open connections only through this.
/// </summary>
internal sealed class ReportDatabase(PostgresEventStore store)
{
    /// <summary>The schema the read models live in.</summary>
    public string Schema => store.Options.Schema;

    public async Task<ReportConnection> OpenAsync(CancellationToken ct) =>
        new(await store.DataSource.OpenConnectionAsync(ct), "primary", 0);
}
