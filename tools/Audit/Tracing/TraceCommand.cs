using System.CommandLine;
using System.Globalization;
using Audit.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace Audit.Tracing;

/// <summary>
/// <c>trace</c>: everything one request or panel event caused. Events carrying the correlation id, then, to a fixed
/// point, events whose causation id is one of the found events' ids; plus the messages handled (the inbox keeps each
/// handled message's type and ids for its retention), those still in the outbox and the dead letters with that
/// correlation id. All in time order.
/// </summary>
internal static class TraceCommand
{
    private const int MaxRounds = 10;

    private sealed record Item(DateTime Time, string Kind, string Where, string Version, string Type, string? User, string? Causation, RawEvent? Event,
        Guid? MessageId = null);

    public static Command Create(Commands commands)
    {
        var id = new Argument<string>("correlation-id") { Description = "The correlation id (a request's X-Correlation-ID or X-Request-ID, or a panel event's)." };
        var json = new Option<bool>("--json") { Description = "JSON lines (events in the export format) instead of a table." };
        var trace = new Command("trace", "Every event and message caused by one request or panel event, across streams, in order.") { id, json };
        commands.SetAction(trace, async (ctx, parse, ct) =>
        {
            var correlation = parse.GetValue(id)!;
            await using var conn = await ctx.ReadOnly().OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var items = new List<Item>();
            var seen = new HashSet<long>();
            var causes = new List<string> { correlation };
            var sql = $"select {RawEvent.Columns} from {ctx.QuotedSchema}.events e where (e.correlation_id = $1 or e.causation_id = any($2)) and not e.position = any($3)";
            for (var round = 0; round < MaxRounds && causes.Count > 0; round++)
            {
                await using var cmd = new NpgsqlCommand(sql, conn, tx);
                cmd.Parameters.Add(new() { Value = correlation, NpgsqlDbType = NpgsqlDbType.Text });
                cmd.Parameters.Add(new() { Value = causes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                cmd.Parameters.Add(new() { Value = seen.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                causes = [];
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var e = RawEvent.Read(r);
                    if (!seen.Add(e.Position)) continue;
                    causes.Add(e.EventId.ToString());
                    items.Add(new Item(e.Timestamp, "event", e.StreamId, e.Version.ToString(CultureInfo.InvariantCulture), e.Type, e.UserId, e.CausationId, e));
                }
            }
            await MessagesAsync(conn, tx, ctx.QuotedSchema, correlation, items, ct);
            await HandledAsync(conn, tx, ctx.QuotedSchema, correlation, items, ct);
            items.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : (a.Event?.Position ?? long.MaxValue).CompareTo(b.Event?.Position ?? long.MaxValue));

            if (parse.GetValue(json))
            {
                var lines = new JsonLines(ctx.Out);
                foreach (var i in items)
                {
                    if (i.Event is not null) lines.WriteEvent(i.Event);
                    else lines.Write(w =>
                    {
                        w.WriteString("kind", i.Kind);
                        w.WriteString("time", Iso(i.Time));
                        w.WriteString("where", i.Where);
                        w.WriteString("type", i.Type);
                        if (i.MessageId is { } messageId) w.WriteString("messageId", messageId);
                        w.WriteString("userId", i.User);
                        w.WriteString("causationId", i.Causation);
                    });
                }
                return ExitCodes.Ok;
            }
            ctx.Out.WriteLine($"trace {correlation}: {items.Count(i => i.Event is not null)} event(s) in {items.Where(i => i.Event is not null).Select(i => i.Where).Distinct().Count()} stream(s), {items.Count(i => i.Event is null)} message(s)");
            var table = new Table().AddColumns("Time (UTC)", "Kind", "Stream / queue", "Ver", "Type", "User", "Causation");
            foreach (var i in items)
                table.AddRow(Iso(i.Time), i.Kind, Markup.Escape(i.Where), i.Version, Markup.Escape(i.Type), Markup.Escape(i.User ?? "-"), Markup.Escape(i.Causation ?? "-"));
            ctx.Console.Write(table);
            return ExitCodes.Ok;
        });
        return trace;
    }

    /// <summary>Pending outbox messages and dead letters, when the messaging tables exist in this schema.</summary>
    private static async Task MessagesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string q, string correlation, List<Item> items, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand($"select to_regclass('{q}.outbox') is not null and to_regclass('{q}.dead_letters') is not null", conn, tx))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return;
        await using var cmd = new NpgsqlCommand($"""
            select created_at, 'outbox', exchange || ':' || routing_key, message_type, user_id, causation_id from {q}.outbox where correlation_id = $1
            union all
            select failed_at, 'dead letter', queue, coalesce(message_type, '?'), headers->>'user-id', headers->>'causation-id' from {q}.dead_letters where headers->>'correlation-id' = $1
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = correlation, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            items.Add(new Item(r.GetFieldValue<DateTime>(0), r.GetString(1), r.GetString(2), "-", r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), null));
    }

    /// <summary>
    /// Messages handled by this schema's consumers with that correlation id, from the inbox (when it records them:
    /// messaging migration 2). A message's causation id is the event or message that sent it.
    /// </summary>
    private static async Task HandledAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string q, string correlation, List<Item> items, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand($"select exists (select from pg_attribute where attrelid = to_regclass('{q}.inbox') and attname = 'correlation_id')", conn, tx))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return;
        await using var cmd = new NpgsqlCommand(
            $"select handled_at, consumer, coalesce(message_type, '?'), user_id, causation_id, message_id from {q}.inbox where correlation_id = $1", conn, tx);
        cmd.Parameters.Add(new() { Value = correlation, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            items.Add(new Item(r.GetFieldValue<DateTime>(0), "handled", r.GetString(1), "-", r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), null, r.GetGuid(5)));
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
