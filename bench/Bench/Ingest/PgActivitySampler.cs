using Npgsql;

namespace Bench.Ingest;

/// <summary>
/// Samples <c>pg_stat_activity</c> twice a second: what the busy sessions whose statement names the bench schema (the
/// Host's and the ingest's) are doing: running, waiting on a lock or the WAL, or "idle in transaction" (waiting for
/// their process's next statement). Averages per sample, as evidence for where the time goes.
/// </summary>
public sealed class PgActivitySampler : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string pattern;
    private readonly Dictionary<string, long> counts = [];
    private readonly Dictionary<string, long> statements = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private int samples;

    private PgActivitySampler(NpgsqlDataSource dataSource, string schema)
    {
        this.dataSource = dataSource;
        pattern = $"%{schema}%";
        sampling = Task.Run(SampleAsync);
    }

    public static PgActivitySampler Start(NpgsqlDataSource dataSource, string schema) => new(dataSource, schema);

    /// <summary>"state / wait" → mean sessions in it per sample, busiest first; then the statements most often seen active.</summary>
    public async Task<(string States, IReadOnlyList<string> Statements)> StopAsync()
    {
        await stop.CancelAsync();
        try { await sampling; } catch (OperationCanceledException) { }
        if (samples == 0) return ("no samples", []);
        return (string.Join("; ", counts.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {(double)kv.Value / samples:F1}")),
            [.. statements.OrderByDescending(kv => kv.Value).Take(8).Select(kv => $"{(double)kv.Value / samples:F2}  {kv.Key}")]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        try { await sampling; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand("""
                    select state || ' / ' || coalesce(wait_event_type || ':' || wait_event, 'running'),
                           case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'running') || ' ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) end,
                           count(*)
                    from pg_stat_activity
                    where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
                      and state <> 'idle' and query like $1
                    group by 1, 2
                    """);
                cmd.Parameters.Add(new() { Value = pattern });
                await using var r = await cmd.ExecuteReaderAsync(stop.Token);
                while (await r.ReadAsync(stop.Token))
                {
                    counts[r.GetString(0)] = counts.GetValueOrDefault(r.GetString(0)) + r.GetInt64(2);
                    if (!r.IsDBNull(1)) statements[r.GetString(1)] = statements.GetValueOrDefault(r.GetString(1)) + r.GetInt64(2);
                }
                samples++;
                await Task.Delay(500, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
