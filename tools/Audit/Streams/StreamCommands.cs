using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Audit.Infrastructure;
using EventStore;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace Audit.Streams;

/// <summary><c>streams list</c>, <c>stream show</c> and <c>stream state</c>.</summary>
internal static class StreamCommands
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static Command CreateList(Commands commands)
    {
        var type = new Option<string?>("--type") { Description = "Stream type (site, panel, alarm, ...)." };
        var tenant = new Option<string?>("--tenant") { Description = "The stream's tenant: its first event's metadata, else its site's (as the Host decides)." };
        var from = TimeOption.Create("--created-from", "Created at or after this time (the stream row's created_at).");
        var to = TimeOption.Create("--created-to", "Created before this time.");
        var archived = new Option<bool?>("--archived") { Description = "true: only archived streams; false: only live ones." };
        var limit = new Option<int>("--limit") { Description = "At most this many, oldest first.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "JSON lines instead of a table." };
        var list = new Command("list", "List streams.") { type, tenant, from, to, archived, limit, json };
        commands.SetAction(list, async (ctx, parse, ct) =>
        {
            await using var cmd = ctx.ReadOnly().CreateCommand($"""
                select * from (
                  select s.id, s.type, s.version,
                         -- the tenant recorded at creation (first event's metadata), else the site's, as the Host decides it:
                         -- a site names its tenant when registered; panels and alarms name their site
                         coalesce(s.tenant, f.data->>'tenantId',
                                  (select r.data->>'tenantId' from {ctx.QuotedSchema}.events r where r.stream_id = f.data->>'siteId' and r.version = 1)) as tenant,
                         s.created_at, s.archived, s.tombstoned
                    from {ctx.QuotedSchema}.streams s left join {ctx.QuotedSchema}.events f on f.stream_id = s.id and f.version = 1
                   where ($1::text is null or s.type = $1)
                     and ($3::timestamptz is null or s.created_at >= $3) and ($4::timestamptz is null or s.created_at < $4)
                     and ($5::boolean is null or s.archived = $5)) x
                 where $2::text is null or tenant = $2
                 order by created_at, id limit $6
                """);
            cmd.Parameters.Add(new() { Value = (object?)parse.GetValue(type) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)parse.GetValue(tenant) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)parse.GetValue(from)?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new() { Value = (object?)parse.GetValue(to)?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new() { Value = (object?)parse.GetValue(archived) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
            cmd.Parameters.Add(new() { Value = parse.GetValue(limit), NpgsqlDbType = NpgsqlDbType.Integer });
            var lines = parse.GetValue(json) ? new JsonLines(ctx.Out) : null;
            var table = new Table().AddColumns("Stream", "Type", "Version", "Tenant", "Created", "Archived", "Tombstoned");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var created = r.GetFieldValue<DateTime>(4).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                string? t = r.IsDBNull(3) ? null : r.GetString(3);
                if (lines is not null)
                    lines.Write(w =>
                    {
                        w.WriteString("streamId", r.GetString(0)); w.WriteString("type", r.GetString(1)); w.WriteNumber("version", r.GetInt64(2));
                        w.WriteString("tenant", t); w.WriteString("createdAt", created); w.WriteBoolean("archived", r.GetBoolean(5)); w.WriteBoolean("tombstoned", r.GetBoolean(6));
                    });
                else
                    table.AddRow(Markup.Escape(r.GetString(0)), Markup.Escape(r.GetString(1)), r.GetInt64(2).ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(t ?? "-"), created, r.GetBoolean(5) ? "yes" : "no", r.GetBoolean(6) ? "yes" : "no");
            }
            if (lines is null) ctx.Console.Write(table);
            return ExitCodes.Ok;
        });
        return new Command("streams", "Streams in the store.") { list };
    }

    public static Command CreateStream(Commands commands)
    {
        var stream = new Command("stream", "One stream: its events or its state.");
        stream.Subcommands.Add(Show(commands));
        stream.Subcommands.Add(State(commands));
        return stream;
    }

    private static Command Show(Commands commands)
    {
        var id = new Argument<string>("id") { Description = "The stream id." };
        var from = new Option<long>("--from-version") { Description = "First version to show.", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "At most this many events.", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "JSON lines (the export format) instead of a table." };
        var show = new Command("show", "The stream's events as stored: positions, times, types, metadata and data (archived ones included).") { id, from, limit, json };
        commands.SetAction(show, async (ctx, parse, ct) =>
        {
            var streamId = parse.GetValue(id)!;
            var source = ctx.ReadOnly();
            var info = await StreamInfoAsync(source, ctx, streamId, ct);
            await using var cmd = source.CreateCommand($"select {RawEvent.Columns} from {ctx.QuotedSchema}.events e where e.stream_id = $1 and e.version >= $2 order by e.version limit $3");
            cmd.Parameters.Add(new() { Value = streamId });
            cmd.Parameters.Add(new() { Value = parse.GetValue(from) });
            cmd.Parameters.Add(new() { Value = parse.GetValue(limit) });
            var lines = parse.GetValue(json) ? new JsonLines(ctx.Out) : null;
            if (lines is null)
                ctx.Out.WriteLine($"stream {streamId} ({info.Type}), version {info.Version}{(info.Archived ? ", archived" : "")}{(info.Tombstoned ? ", tombstoned (events deleted)" : "")}");
            var table = new Table().AddColumns("Pos", "Ver", "Time (UTC)", "Type", "User", "Correlation", "Causation/request", "Data");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var e = RawEvent.Read(r);
                if (lines is not null) { lines.WriteEvent(e); continue; }
                table.AddRow(e.Position.ToString(CultureInfo.InvariantCulture), e.Version.ToString(CultureInfo.InvariantCulture), e.Time, Markup.Escape(e.Type),
                    Markup.Escape(e.UserId ?? "-"), Markup.Escape(e.CorrelationId ?? "-"), Markup.Escape(e.CausationId ?? "-"),
                    Markup.Escape(e.Data + (e.Headers is null ? "" : " headers " + e.Headers) + (e.Archived ? " (archived)" : "")));
            }
            if (lines is null) ctx.Console.Write(table);
            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command State(Commands commands)
    {
        var id = new Argument<string>("id") { Description = "The stream id (site-…, panel-… or alarm-…)." };
        var asOf = new Option<string?>("--as-of") { Description = "A version (12, v12) or a time (ISO 8601); default: now." };
        var diff = new Option<string?>("--diff") { Description = "Another moment: print what changed from --as-of to it instead of the state." };
        var state = new Command("state", "The domain state of a stream at a moment, folded with the domain's own Evolve.") { id, asOf, diff };
        commands.SetAction(state, async (ctx, parse, ct) =>
        {
            var streamId = parse.GetValue(id)!;
            var source = ctx.ReadOnly();
            await StreamInfoAsync(source, ctx, streamId, ct);
            await using var store = ctx.Store(source);
            var at = parse.GetValue(asOf) is { } a ? Moment.Parse(a) : new Moment(long.MaxValue, null);
            var (first, version) = await StateAsync(store, streamId, at, ct);
            if (parse.GetValue(diff) is not { } other)
            {
                ctx.Out.WriteLine($"stream {streamId} as of {(at.Version == long.MaxValue ? "now" : at.ToString())}: version {version}");
                ctx.Out.WriteLine(first.ToJsonString(StateJson));
                return ExitCodes.Ok;
            }
            var to = Moment.Parse(other);
            var (second, version2) = await StateAsync(store, streamId, to, ct);
            ctx.Out.WriteLine($"stream {streamId}: version {version} ({at}) → version {version2} ({to})");
            var lines = JsonDiff.Lines(first, second);
            foreach (var line in lines) ctx.Out.WriteLine("  " + line);
            if (lines.Count == 0) ctx.Out.WriteLine("  no difference");
            return ExitCodes.Ok;
        });
        return state;
    }

    private static async Task<(JsonNode State, long Version)> StateAsync(PostgresEventStore store, string streamId, Moment at, CancellationToken ct)
    {
        var options = new ReadOptions(IncludeArchived: true, SkipUnknownTypes: true);
        var events = at.Version is { } v
            ? await store.ReadStreamAsOfAsync(streamId, v, options, ct)
            : await store.ReadStreamAsOfAsync(streamId, at.Time!.Value, options, ct);
        var state = DomainStates.Fold(streamId, events.Select(e => e.Data))
                    ?? throw new AuditException($"'{streamId}' is not a site, panel or alarm stream: there is no domain state to fold.");
        return (JsonSerializer.SerializeToNode(state, state.GetType(), StateJson)!, events.Count == 0 ? 0 : events[^1].StreamVersion);
    }

    internal sealed record Info(string Type, long Version, bool Archived, bool Tombstoned);

    internal static async Task<Info> StreamInfoAsync(NpgsqlDataSource source, AuditContext ctx, string streamId, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand($"select type, version, archived, tombstoned from {ctx.QuotedSchema}.streams where id = $1");
        cmd.Parameters.Add(new() { Value = streamId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new AuditException($"Stream '{streamId}' does not exist.");
        return new Info(r.GetString(0), r.GetInt64(1), r.GetBoolean(2), r.GetBoolean(3));
    }
}
