using System.Buffers.Binary;
using System.Security.Cryptography;
using EventStore.Internal;

namespace EventStore;

/// <summary>
/// The per-stream hash chain that makes changes to stored events evident (docs/event-store.md, "Tamper evidence").
/// Each event has a content digest <c>d = SHA-256(content)</c>, and its chain hash is
/// <c>h(v) = SHA-256(h(v-1) || int64be(v) || d)</c> with <c>h(0)</c> = <see cref="Genesis"/>. The store computes
/// digests when it prepares an append and PostgreSQL folds the chain in the append's own statement from
/// <c>streams.last_hash</c>; an auditor recomputes both from the stored columns with these functions.
/// </summary>
public static class EventHashChain
{
    /// <summary>The version byte that starts every content encoding; a new encoding would be a new value.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The hash before a stream's first event: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    /// <summary>
    /// The content digest of one event, over (in this order): the format version byte; stream id; event id (16 bytes,
    /// RFC 4122 order); type; timestamp (int64 big-endian microseconds since 1970-01-01 UTC); data (canonical JSON);
    /// correlation id; causation id; user id; tenant; headers (canonical JSON); idempotency key. Each string is
    /// UTF-8 prefixed by its byte length as int32 big-endian, and a null is the length -1 with no bytes.
    /// The version is not here but in the chain link, because an <c>Any</c> append learns it only in the database.
    /// </summary>
    public static byte[] ContentDigest(string streamId, Guid eventId, string type, DateTime timestampUtc, string dataJson,
        string? correlationId, string? causationId, string? userId, string? tenant, string? headersJson, string? idempotencyKey)
    {
        // One buffer per thread: appends prepare every event here, so the hash input is built without allocating.
        var buffer = t_buffer ??= new ByteSink(1024);
        buffer.Clear();
        buffer.Append(FormatVersion);
        WriteField(buffer, streamId);
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        buffer.Append(bytes);
        WriteField(buffer, type);
        BinaryPrimitives.WriteInt64BigEndian(bytes, (timestampUtc.Ticks - DateTime.UnixEpoch.Ticks) / 10);
        buffer.Append(bytes[..8]);
        WriteJsonField(buffer, dataJson);
        WriteField(buffer, correlationId);
        WriteField(buffer, causationId);
        WriteField(buffer, userId);
        WriteField(buffer, tenant);
        WriteJsonField(buffer, headersJson);
        WriteField(buffer, idempotencyKey);
        var digest = SHA256.HashData(buffer.Written);
        if (buffer.Length > 64 * 1024) t_buffer = null; // do not keep one huge event's buffer alive
        return digest;
    }

    [ThreadStatic] private static ByteSink? t_buffer;

    /// <summary>The chain hash of the event at <paramref name="version"/>: <c>SHA-256(previous || int64be(version) || digest)</c>.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, long version, ReadOnlySpan<byte> digest)
    {
        Span<byte> input = stackalloc byte[previous.Length + 8 + digest.Length];
        previous.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[previous.Length..], version);
        digest.CopyTo(input[(previous.Length + 8)..]);
        return SHA256.HashData(input);
    }

    /// <summary>A string as UTF-8 prefixed by its byte length (int32 big-endian); null is the length -1 alone.</summary>
    private static void WriteField(ByteSink buffer, string? value)
    {
        var at = buffer.Length;
        buffer.Append(stackalloc byte[4]);
        if (value is null) { buffer.PatchInt32BigEndian(at, -1); return; }
        buffer.AppendUtf8(value);
        buffer.PatchInt32BigEndian(at, buffer.Length - at - 4);
    }

    /// <summary>A JSON document in canonical form (<see cref="CanonicalJson"/>), length-prefixed like a string.</summary>
    private static void WriteJsonField(ByteSink buffer, string? json)
    {
        var at = buffer.Length;
        buffer.Append(stackalloc byte[4]);
        if (json is null) { buffer.PatchInt32BigEndian(at, -1); return; }
        CanonicalJson.Write(json, buffer);
        buffer.PatchInt32BigEndian(at, buffer.Length - at - 4);
    }
}
