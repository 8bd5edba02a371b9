using EventStore;
using Npgsql;

namespace Audit.Infrastructure;

/// <summary>
/// An event row exactly as stored (JSON as <c>jsonb</c> renders it, never upcast), with its archived flag and
/// chain hash: what the auditor sees, verifies and exports.
/// </summary>
internal sealed record RawEvent(
    long Position, string StreamId, long Version, Guid EventId, string Type, string Data, string? CorrelationId, string? CausationId,
    string? UserId, string? Tenant, string? Headers, DateTime Timestamp, string? IdempotencyKey, bool Archived, byte[]? Hash)
{
    /// <summary>The select list for <see cref="Read"/>, over an <c>events</c> table aliased <c>e</c>.</summary>
    public const string Columns = """
        e.position, e.stream_id, e.version, e.event_id, e.type, e.data::text, e.correlation_id, e.causation_id, e.user_id,
        e.tenant, e.headers::text, e.timestamp, e.idempotency_key, e.archived, e.hash
        """;

    public static RawEvent Read(NpgsqlDataReader r, int at = 0)
    {
        string? S(int i) => r.IsDBNull(at + i) ? null : r.GetString(at + i);
        return new RawEvent(r.GetInt64(at), r.GetString(at + 1), r.GetInt64(at + 2), r.GetGuid(at + 3), r.GetString(at + 4), r.GetString(at + 5),
            S(6), S(7), S(8), S(9), S(10), r.GetFieldValue<DateTime>(at + 11), S(12), r.GetBoolean(at + 13),
            r.IsDBNull(at + 14) ? null : r.GetFieldValue<byte[]>(at + 14));
    }

    /// <summary>The content digest recomputed from the stored columns (<see cref="EventHashChain.ContentDigest"/>).</summary>
    public byte[] Digest() => EventHashChain.ContentDigest(StreamId, EventId, Type, Timestamp, Data, CorrelationId, CausationId, UserId, Tenant, Headers, IdempotencyKey);

    /// <summary>ISO 8601 in UTC with the microseconds PostgreSQL keeps.</summary>
    public string Time => Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
