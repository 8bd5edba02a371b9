using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Audit.Infrastructure;
using EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Exporting;

/// <summary>
/// <c>import</c>: loads an export into an empty store (migrating its schema first), preserving stream rows, positions,
/// versions, ids, times, metadata and idempotency keys, in one transaction by binary COPY. Every event's hash is
/// recomputed and must equal the exported one, and every stream must end at its exported version and head: an
/// export that was altered is refused (exit 1) and nothing is stored. Memory grows with the number of streams
/// (one running head each), not with the number of events.
/// </summary>
internal static class ImportCommand
{
    private sealed class Head(long version, byte[]? lastHash)
    {
        public long Version { get; } = version;
        public byte[]? LastHash { get; } = lastHash;
        public long Next { get; set; } = 1;
        public byte[] Prev { get; set; } = EventHashChain.Genesis.ToArray();
        public bool Chained { get; set; }
    }

    private sealed class RefusedException(string message) : Exception(message);

    public static Command Create(Commands commands)
    {
        var input = new Argument<FileInfo>("file") { Description = "An export (JSON lines)." };
        var import = new Command("import", "Import an export into an empty store; re-verifies every hash on the way.") { input };
        commands.SetAction(import, async (ctx, parse, ct) =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists) throw new AuditException($"'{file.FullName}' does not exist.");
            var source = ctx.ReadWrite();
            await using (var store = ctx.Store(source)) await store.MigrateAsync(ct);
            try
            {
                var (streams, events) = await ImportAsync(source, ctx.QuotedSchema, file.FullName, ct);
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"imported {streams:N0} stream(s) and {events:N0} event(s) into schema {ctx.Schema}; every hash re-verified"));
                return ExitCodes.Ok;
            }
            catch (RefusedException e)
            {
                ctx.Out.WriteLine("FAILED: " + e.Message + "; nothing imported");
                return ExitCodes.Finding;
            }
        });
        return import;
    }

    private static async Task<(long Streams, long Events)> ImportAsync(NpgsqlDataSource source, string q, string path, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var empty = new NpgsqlCommand($"select exists (select 1 from {q}.streams) or exists (select 1 from {q}.events)", conn, tx))
            if ((bool)(await empty.ExecuteScalarAsync(ct))!) throw new AuditException("The target store is not empty: import only into an empty schema.");

        var heads = new Dictionary<string, Head>(StringComparer.Ordinal);
        NpgsqlBinaryImporter? streamCopy = await conn.BeginBinaryImportAsync(
            $"copy {q}.streams (id, type, version, tenant, created_at, archived, tombstoned, last_hash) from stdin (format binary)", ct);
        NpgsqlBinaryImporter? eventCopy = null;
        long events = 0, maxPosition = 0, lineNo = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                switch (o.GetProperty("kind").GetString())
                {
                    case "export": break;
                    case "stream":
                        if (streamCopy is null) throw new AuditException($"line {lineNo}: a stream after the events; is this an export?");
                        var lastHash = Hex(o, "lastHash");
                        heads[o.GetProperty("streamId").GetString()!] = new Head(o.GetProperty("version").GetInt64(), lastHash);
                        await streamCopy.StartRowAsync(ct);
                        await streamCopy.WriteAsync(o.GetProperty("streamId").GetString()!, NpgsqlDbType.Text, ct);
                        await streamCopy.WriteAsync(o.GetProperty("type").GetString()!, NpgsqlDbType.Text, ct);
                        await streamCopy.WriteAsync(o.GetProperty("version").GetInt64(), NpgsqlDbType.Bigint, ct);
                        await WriteAsync(streamCopy, Str(o, "tenant"), NpgsqlDbType.Text, ct);
                        await streamCopy.WriteAsync(Time(o, "createdAt"), NpgsqlDbType.TimestampTz, ct);
                        await streamCopy.WriteAsync(o.GetProperty("archived").GetBoolean(), NpgsqlDbType.Boolean, ct);
                        await streamCopy.WriteAsync(o.GetProperty("tombstoned").GetBoolean(), NpgsqlDbType.Boolean, ct);
                        await WriteAsync(streamCopy, lastHash, NpgsqlDbType.Bytea, ct);
                        break;
                    case "event":
                        if (streamCopy is not null)
                        {
                            await streamCopy.CompleteAsync(ct);
                            await streamCopy.DisposeAsync();
                            streamCopy = null;
                            eventCopy = await conn.BeginBinaryImportAsync($"""
                                copy {q}.events (position, stream_id, version, event_id, type, data, correlation_id, causation_id, user_id, tenant,
                                                 headers, timestamp, idempotency_key, archived, hash) from stdin (format binary)
                                """, ct);
                        }
                        var e = ReadEvent(o);
                        Check(heads, e, lineNo);
                        await WriteEventAsync(eventCopy!, e, ct);
                        maxPosition = Math.Max(maxPosition, e.Position);
                        events++;
                        break;
                    default: throw new AuditException($"line {lineNo}: unknown kind; is this an export?");
                }
            }
            if (streamCopy is not null) { await streamCopy.CompleteAsync(ct); await streamCopy.DisposeAsync(); streamCopy = null; }
            if (eventCopy is not null) { await eventCopy.CompleteAsync(ct); await eventCopy.DisposeAsync(); eventCopy = null; }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new AuditException($"line {lineNo}: not an export line ({e.Message})");
        }
        finally
        {
            if (streamCopy is not null) await streamCopy.DisposeAsync();
            if (eventCopy is not null) await eventCopy.DisposeAsync();
        }

        foreach (var (id, h) in heads)
        {
            if (h.Next - 1 != h.Version && !(h.Next == 1))
                throw new RefusedException($"stream {id} ends at version {h.Next - 1} but its stream line says {h.Version}");
            if (h.Chained && (h.LastHash is null || !h.LastHash.AsSpan().SequenceEqual(h.Prev)))
                throw new RefusedException($"stream {id}: its last event's hash does not match the stream's head (lastHash)");
        }
        // New appends must get positions above the imported ones.
        await using (var seq = new NpgsqlCommand($"select setval('{q}.event_position', greatest($1, 1), $1 > 0)", conn, tx))
        {
            seq.Parameters.Add(new() { Value = maxPosition, NpgsqlDbType = NpgsqlDbType.Bigint });
            await seq.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (heads.Count, events);
    }

    /// <summary>Recomputes the event's hash from its content and its stream's running head; refuses any difference.</summary>
    private static void Check(Dictionary<string, Head> heads, RawEvent e, long lineNo)
    {
        if (!heads.TryGetValue(e.StreamId, out var h)) throw new RefusedException($"line {lineNo}: event of stream {e.StreamId}, which has no stream line");
        if (e.Version != h.Next)
            throw new RefusedException(h.Next == 1
                ? $"line {lineNo}: stream {e.StreamId} starts at version {e.Version}; only whole streams can be imported (export without --from/--to)"
                : $"line {lineNo}: stream {e.StreamId} version {h.Next} is missing");
        if (e.Hash is null)
        {
            if (h.Chained) throw new RefusedException($"line {lineNo}: stream {e.StreamId} version {e.Version} has no hash after chained events");
        }
        else
        {
            var expected = EventHashChain.Link(h.Prev, e.Version, e.Digest());
            if (!expected.AsSpan().SequenceEqual(e.Hash))
                throw new RefusedException($"line {lineNo}: stream {e.StreamId} version {e.Version} (position {e.Position}) does not match its hash: the export was altered");
            h.Prev = expected;
            h.Chained = true;
        }
        h.Next++;
    }

    private static RawEvent ReadEvent(JsonElement o)
    {
        var m = o.GetProperty("metadata");
        var headers = m.GetProperty("headers");
        return new RawEvent(o.GetProperty("position").GetInt64(), o.GetProperty("streamId").GetString()!, o.GetProperty("version").GetInt64(),
            o.GetProperty("eventId").GetGuid(), o.GetProperty("type").GetString()!, o.GetProperty("data").GetRawText(),
            Str(m, "correlationId"), Str(m, "causationId"), Str(m, "userId"), Str(m, "tenant"),
            headers.ValueKind == JsonValueKind.Null ? null : headers.GetRawText(), Time(o, "timestamp"), Str(o, "idempotencyKey"),
            o.GetProperty("archived").GetBoolean(), Hex(o, "hash"));
    }

    private static async Task WriteEventAsync(NpgsqlBinaryImporter copy, RawEvent e, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(e.Position, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(e.StreamId, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(e.Data, NpgsqlDbType.Jsonb, ct);
        await WriteAsync(copy, e.CorrelationId, NpgsqlDbType.Text, ct);
        await WriteAsync(copy, e.CausationId, NpgsqlDbType.Text, ct);
        await WriteAsync(copy, e.UserId, NpgsqlDbType.Text, ct);
        await WriteAsync(copy, e.Tenant, NpgsqlDbType.Text, ct);
        await WriteAsync(copy, e.Headers, NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
        await WriteAsync(copy, e.IdempotencyKey, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(e.Archived, NpgsqlDbType.Boolean, ct);
        await WriteAsync(copy, e.Hash, NpgsqlDbType.Bytea, ct);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static byte[]? Hex(JsonElement o, string name) => Str(o, name) is { } h ? Convert.FromHexString(h) : null;

    private static DateTime Time(JsonElement o, string name) =>
        DateTime.Parse(o.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
