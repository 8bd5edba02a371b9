using Npgsql;
using PanelIngest.Storage;

namespace PanelIngest.Ownership;

/// <summary>
/// The <c>ingest_leases</c> and <c>ingest_nodes</c> tables. A lease row says which instance may talk to a panel until
/// when; times are the database's <c>now()</c>, so instances' clocks do not matter. A lease is taken only when free or
/// expired, in one statement, so two instances never hold the same panel.
/// </summary>
public sealed class LeaseStore(NpgsqlDataSource dataSource, string schema)
{
    private readonly string q = IngestSchema.Q(schema);

    /// <summary>Records this node's heartbeat and returns how many nodes are live (itself included).</summary>
    public async Task<int> HeartbeatAsync(string nodeId, TimeSpan nodeTimeout, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            with beat as (insert into {q}.ingest_nodes (node_id) values ($1) on conflict (node_id) do update set heartbeat_at = now())
            select count(*) + 1 from {q}.ingest_nodes where node_id <> $1 and heartbeat_at > now() - $2
            """);
        cmd.Parameters.Add(new() { Value = nodeId });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Extends the leases this node holds on <paramref name="panelIds"/>; returns those it still holds.</summary>
    /// <remarks>
    /// Rows that a batch of this node holds (its ownership check takes <c>for share</c>) are skipped, not waited for:
    /// one statement locking all of a node's leases behind the busiest panel made every batch queue behind it (the
    /// ingest bench showed a convoy). A skipped lease is still this node's while it has not expired, and is renewed
    /// on one of the next rounds, long before it would.
    /// </remarks>
    public Task<IReadOnlySet<string>> RenewAsync(string nodeId, IReadOnlyCollection<string> panelIds, TimeSpan duration, CancellationToken ct) =>
        panelIds.Count == 0 ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()) : PanelsAsync($"""
            with free as (
                select panel_id from {q}.ingest_leases where owner = $1 and panel_id = any($2) for no key update skip locked),
            renewed as (
                update {q}.ingest_leases l set expires_at = now() + $3 from free where l.panel_id = free.panel_id returning l.panel_id)
            select panel_id from renewed
            union
            select panel_id from {q}.ingest_leases where owner = $1 and panel_id = any($2) and expires_at > now() + interval '1 second'
            """, ct, nodeId, panelIds.ToArray(), duration);

    /// <summary>Panels whose lease another node holds now.</summary>
    public Task<IReadOnlySet<string>> HeldByOthersAsync(string nodeId, CancellationToken ct) =>
        PanelsAsync($"select panel_id from {q}.ingest_leases where owner <> $1 and expires_at > now()", ct, nodeId);

    /// <summary>Takes the leases of <paramref name="panelIds"/> that are free or expired; returns those taken.</summary>
    public Task<IReadOnlySet<string>> AcquireAsync(string nodeId, IReadOnlyCollection<string> panelIds, TimeSpan duration, CancellationToken ct) =>
        panelIds.Count == 0 ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()) : PanelsAsync($"""
            insert into {q}.ingest_leases (panel_id, owner, expires_at)
            select p, $1, now() + $3 from unnest($2::text[]) p
            on conflict (panel_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
                where ingest_leases.expires_at <= now() or ingest_leases.owner = excluded.owner
            returning panel_id
            """, ct, nodeId, panelIds.ToArray(), duration);

    /// <summary>Gives up leases (after their sessions have closed their connections).</summary>
    public async Task ReleaseAsync(string nodeId, IReadOnlyCollection<string> panelIds, CancellationToken ct)
    {
        if (panelIds.Count == 0) return;
        await using var cmd = dataSource.CreateCommand($"delete from {q}.ingest_leases where owner = $1 and panel_id = any($2)");
        cmd.Parameters.Add(new() { Value = nodeId });
        cmd.Parameters.Add(new() { Value = panelIds.ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Leaves: every lease of the node and its heartbeat go, so others take over at once.</summary>
    public async Task LeaveAsync(string nodeId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            with gone as (delete from {q}.ingest_leases where owner = $1) delete from {q}.ingest_nodes where node_id = $1
            """);
        cmd.Parameters.Add(new() { Value = nodeId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlySet<string>> PanelsAsync(string sql, CancellationToken ct, params object[] values)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
        var panels = new HashSet<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) panels.Add(r.GetString(0));
        return panels;
    }
}
