using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.TamperEvidence;

/// <summary>
/// Recomputes a stream's hash chain from the stored columns, as an auditor would (JSON as jsonb renders it), and
/// compares it with the stored hashes and the stream's head. Independent of the store's write code.
/// </summary>
internal static class ChainReader
{
    public sealed record Result(int Events, int Mismatches, bool HeadMatches);

    public static async Task<Result> VerifyAsync(string schema, string streamId)
    {
        await using var cmd = TestDatabase.DataSource.CreateCommand($"""
            select version, event_id, type, data::text, correlation_id, causation_id, user_id, tenant, headers::text,
                   timestamp, idempotency_key, hash
              from "{schema}".events where stream_id = $1 order by version
            """);
        cmd.Parameters.Add(new() { Value = streamId });
        var hash = EventHashChain.Genesis.ToArray();
        int events = 0, mismatches = 0;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                var digest = EventHashChain.ContentDigest(streamId, r.GetGuid(1), r.GetString(2), r.GetFieldValue<DateTime>(9), r.GetString(3),
                    S(4), S(5), S(6), S(7), S(8), S(10));
                hash = EventHashChain.Link(hash, r.GetInt64(0), digest);
                events++;
                if (r.IsDBNull(11) || !r.GetFieldValue<byte[]>(11).AsSpan().SequenceEqual(hash)) mismatches++;
            }
        }
        await using var head = TestDatabase.DataSource.CreateCommand($"select last_hash from \"{schema}\".streams where id = $1");
        head.Parameters.Add(new() { Value = streamId });
        var stored = await head.ExecuteScalarAsync() as byte[];
        return new Result(events, mismatches, stored is not null && stored.AsSpan().SequenceEqual(hash));
    }
}
