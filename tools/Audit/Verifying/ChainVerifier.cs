using Audit.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Verifying;

/// <summary>The outcome of a walk over the log.</summary>
internal sealed record VerifyResult(long Streams, long Events, long Legacy, long LegacyStreams, IReadOnlyList<Finding> Findings, long FindingCount);

/// <summary>
/// Walks the log stream by stream in pages of <see cref="PageSize"/> streams (keyset on the stream id, events by
/// the (stream_id, version) index), so memory stays constant whatever the log's size; then looks for events whose
/// stream row is gone. All in one repeatable-read, read-only transaction: one consistent snapshot.
/// </summary>
internal sealed class ChainVerifier(NpgsqlDataSource source, string quotedSchema)
{
    private const int PageSize = 500;
    private const int KeptFindings = 100;

    public Dictionary<string, AnchorEntry>? Anchor { get; init; }
    public Anchor.Writer? AnchorOut { get; init; }
    public string? OnlyStream { get; init; }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var cmd = source.CreateCommand(OnlyStream is null
            ? $"select count(*) from {quotedSchema}.events"
            : $"select count(*) from {quotedSchema}.events where stream_id = $1");
        if (OnlyStream is not null) cmd.Parameters.Add(new() { Value = OnlyStream });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<VerifyResult> RunAsync(Action<long> progress, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var findings = new List<Finding>();
        long findingCount = 0, streams = 0, events = 0, legacy = 0, legacyStreams = 0;
        var seenAnchors = Anchor is null ? null : new HashSet<string>(StringComparer.Ordinal);
        // Keep the earliest findings in log order (bounded memory however much was tampered with).
        void Found(Finding f)
        {
            findingCount++;
            findings.Add(f);
            if (findings.Count >= 2 * KeptFindings) Trim(findings);
        }

        string? after = null;
        while (true)
        {
            var page = await StreamPageAsync(conn, tx, after, ct);
            if (page.Count == 0) break;
            after = page[^1].Id;
            var checks = new Dictionary<string, StreamCheck>(StringComparer.Ordinal);
            foreach (var s in page)
            {
                AnchorEntry? a = null;
                if (Anchor?.TryGetValue(s.Id, out a) == true) seenAnchors!.Add(s.Id);
                checks[s.Id] = new StreamCheck(s, a);
            }
            await using (var cmd = new NpgsqlCommand($"select {RawEvent.Columns} from {quotedSchema}.events e where e.stream_id = any($1) order by e.stream_id, e.version", conn, tx))
            {
                cmd.Parameters.Add(new() { Value = page.Select(s => s.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var e = RawEvent.Read(r);
                    checks[e.StreamId].Add(e);
                    if (++events % 1000 == 0) progress(events);
                }
            }
            foreach (var s in page)
            {
                var check = checks[s.Id];
                check.Complete();
                streams++;
                legacy += check.Legacy;
                if (check.Legacy > 0) legacyStreams++;
                if (check.Finding is { } f) Found(f);
                else if (check.Head is { } head) AnchorOut?.Head(s.Id, s.Version, head);
            }
            progress(events);
            if (OnlyStream is not null) break;
        }

        await foreach (var orphan in OrphansAsync(conn, tx, ct)) Found(orphan);
        if (Anchor is not null)
            foreach (var a in Anchor.Values.Where(a => !seenAnchors!.Contains(a.StreamId) && (OnlyStream is null || OnlyStream == a.StreamId)))
                Found(new Finding(FindingKind.Deleted, a.StreamId, a.Version, null, "the anchor has this stream; the store has no such stream"));
        Trim(findings);
        return new VerifyResult(streams, events, legacy, legacyStreams, findings, findingCount);
    }

    private static void Trim(List<Finding> findings)
    {
        findings.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.StreamId, b.StreamId));
        if (findings.Count > KeptFindings) findings.RemoveRange(KeptFindings, findings.Count - KeptFindings);
    }

    private async Task<List<StreamRow>> StreamPageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string? after, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(OnlyStream is not null
            ? $"select id, version, tombstoned, last_hash from {quotedSchema}.streams where id = $1"
            : $"select id, version, tombstoned, last_hash from {quotedSchema}.streams where $1::text is null or id > $1 order by id limit {PageSize}", conn, tx);
        cmd.Parameters.Add(new() { Value = (object?)OnlyStream ?? (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var page = new List<StreamRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            page.Add(new StreamRow(r.GetString(0), r.GetInt64(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetFieldValue<byte[]>(3)));
        return page;
    }

    /// <summary>Events whose stream row does not exist: written behind the store's back.</summary>
    private async IAsyncEnumerable<Finding> OrphansAsync(NpgsqlConnection conn, NpgsqlTransaction tx, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select e.stream_id, min(e.version), min(e.position), count(*) from {quotedSchema}.events e
             where ($1::text is null or e.stream_id = $1) and not exists (select 1 from {quotedSchema}.streams s where s.id = e.stream_id)
             group by e.stream_id order by e.stream_id
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = (object?)OnlyStream ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            yield return new Finding(FindingKind.Inserted, r.GetString(0), r.GetInt64(1), r.GetInt64(2), $"{r.GetInt64(3)} event(s) of a stream that does not exist");
    }
}
