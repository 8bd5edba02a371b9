using System.CommandLine;
using System.Globalization;
using Audit.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Exporting;

/// <summary>
/// <c>export</c>: a stream, a period or everything as JSON lines, streamed from one repeatable-read snapshot in
/// constant memory. First a header line, then one line per stream, then one per event (position order; version
/// order for one stream). The events carry their chain hashes, so an import can re-verify every one.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(Commands commands)
    {
        var stream = new Option<string?>("--stream") { Description = "Only this stream." };
        var from = TimeOption.Create("--from", "Only events appended at or after this time.");
        var to = TimeOption.Create("--to", "Only events appended before this time.");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var export = new Command("export", "Export a stream, a period or everything as JSON lines.") { stream, from, to, output };
        commands.SetAction(export, async (ctx, parse, ct) =>
        {
            var file = parse.GetValue(output);
            await using var fileWriter = file is null ? null : new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
            var writer = (TextWriter?)fileWriter ?? ctx.Out;
            var lines = new JsonLines(writer);
            var (streamId, fromTime, toTime) = (parse.GetValue(stream), parse.GetValue(from)?.UtcDateTime, parse.GetValue(to)?.UtcDateTime);
            var q = ctx.QuotedSchema;

            await using var conn = await ctx.ReadOnly().OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            lines.Write(w =>
            {
                w.WriteString("kind", "export");
                w.WriteNumber("format", 1);
                w.WriteString("schema", ctx.Schema);
                w.WriteString("stream", streamId);
                w.WriteString("from", fromTime?.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("to", toTime?.ToString("O", CultureInfo.InvariantCulture));
            });

            const string inPeriod = "($1::text is null or e.stream_id = $1) and ($2::timestamptz is null or e.timestamp >= $2) and ($3::timestamptz is null or e.timestamp < $3)";
            var whole = fromTime is null && toTime is null;
            long streams = 0, events = 0;
            // Whole streams (with tombstoned ones, which have no events) or those with an event in the period.
            await using (var cmd = Command(conn, tx, $"""
                select s.id, s.type, s.version, s.tenant, s.created_at, s.archived, s.tombstoned, s.last_hash from {q}.streams s
                 where {(whole ? "($1::text is null or s.id = $1) and $2::timestamptz is null and $3::timestamptz is null"
                               : $"exists (select 1 from {q}.events e where e.stream_id = s.id and {inPeriod})")}
                 order by s.id
                """, streamId, fromTime, toTime))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    streams++;
                    lines.Write(w =>
                    {
                        w.WriteString("kind", "stream");
                        w.WriteString("streamId", r.GetString(0));
                        w.WriteString("type", r.GetString(1));
                        w.WriteNumber("version", r.GetInt64(2));
                        w.WriteString("tenant", r.IsDBNull(3) ? null : r.GetString(3));
                        w.WriteString("createdAt", r.GetFieldValue<DateTime>(4).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                        w.WriteBoolean("archived", r.GetBoolean(5));
                        w.WriteBoolean("tombstoned", r.GetBoolean(6));
                        w.WriteString("lastHash", r.IsDBNull(7) ? null : Convert.ToHexStringLower(r.GetFieldValue<byte[]>(7)));
                    });
                }

            await using (var cmd = Command(conn, tx, $"select {RawEvent.Columns} from {q}.events e where {inPeriod} order by {(streamId is null ? "e.position" : "e.version")}", streamId, fromTime, toTime))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    events++;
                    lines.WriteEvent(RawEvent.Read(r));
                }
            await writer.FlushAsync(ct);
            await ctx.Err.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exported {streams:N0} stream(s), {events:N0} event(s)"));
            return ExitCodes.Ok;
        });
        return export;
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, string? stream, DateTime? from, DateTime? to)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.Add(new() { Value = (object?)stream ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return cmd;
    }
}
