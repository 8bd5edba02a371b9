using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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
        using var buffer = new MemoryStream(256 + dataJson.Length);
        buffer.WriteByte(FormatVersion);
        WriteField(buffer, Encoding.UTF8.GetBytes(streamId));
        buffer.Write(eventId.ToByteArray(bigEndian: true));
        WriteField(buffer, Encoding.UTF8.GetBytes(type));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, (timestampUtc.Ticks - DateTime.UnixEpoch.Ticks) / 10);
        buffer.Write(number);
        WriteField(buffer, CanonicalJson.ToUtf8(dataJson));
        WriteField(buffer, Utf8(correlationId));
        WriteField(buffer, Utf8(causationId));
        WriteField(buffer, Utf8(userId));
        WriteField(buffer, Utf8(tenant));
        WriteField(buffer, headersJson is null ? null : CanonicalJson.ToUtf8(headersJson));
        WriteField(buffer, Utf8(idempotencyKey));
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The chain hash of the event at <paramref name="version"/>: <c>SHA-256(previous || int64be(version) || digest)</c>.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, long version, ReadOnlySpan<byte> digest)
    {
        Span<byte> input = stackalloc byte[previous.Length + 8 + digest.Length];
        previous.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[previous.Length..], version);
        digest.CopyTo(input[(previous.Length + 8)..]);
        return SHA256.HashData(input);
    }

    private static byte[]? Utf8(string? value) => value is null ? null : Encoding.UTF8.GetBytes(value);

    private static void WriteField(MemoryStream buffer, byte[]? value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value?.Length ?? -1);
        buffer.Write(length);
        if (value is not null) buffer.Write(value);
    }
}
