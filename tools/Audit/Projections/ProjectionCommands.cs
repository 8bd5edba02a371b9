using System.CommandLine;
using System.Globalization;
using Audit.Infrastructure;
using EventStore.Projections;
using Npgsql;

namespace Audit.Projections;

/// <summary>
/// <c>projection replay</c>: rebuilds one read model from (a range of) the live log into a scratch schema and compares
/// it with the live read model, row by row; <c>projection rebuild</c>: the store's own blue/green rebuild with a
/// progress bar. Both write, so both run on the primary.
/// </summary>
internal static class ProjectionCommands
{
    public static Command Create(Commands commands)
    {
        var projection = new Command("projection", "Replay or rebuild a projection (read model).");
        projection.Subcommands.Add(Replay(commands));
        projection.Subcommands.Add(Rebuild(commands));
        return projection;
    }

    private static Projection Find(string name) =>
        global::Projections.ProjectionCatalogue.All().FirstOrDefault(p => p.Name == name)
        ?? throw new AuditException($"No projection '{name}'. Known: {string.Join(", ", global::Projections.ProjectionCatalogue.All().Select(p => p.Name))}.");

    private static Command Replay(Commands commands)
    {
        var name = new Argument<string>("name") { Description = "The projection's name." };
        var from = new Option<long>("--from") { Description = "Replay events after this position.", DefaultValueFactory = _ => 0 };
        var to = new Option<long?>("--to") { Description = "Replay events up to and including this position (the live model has more: expect differences)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scratch schema for inspection." };
        var replay = new Command("replay", "Replay a projection into a scratch schema and report the differences from the live read model (exit 1 if any).") { name, from, to, keep };
        commands.SetAction(replay, async (ctx, parse, ct) =>
        {
            var p = Find(parse.GetValue(name)!);
            var source = ctx.ReadWrite();
            var scratch = $"audit_replay_{Guid.NewGuid():N}"[..30];
            var s = EventStore.Schema.SchemaMigrator.Quote(scratch);
            try
            {
                await using (var store = ctx.Store(source, scratch)) await store.MigrateAsync(ct);
                // The scratch store reads the live log through a view: the daemon's page query works unchanged.
                await ExecAsync(source, $"""
                    drop table {s}.events;
                    create view {s}.events as select * from {ctx.QuotedSchema}.events where position > {parse.GetValue(from)} and position <= {parse.GetValue(to) ?? long.MaxValue};
                    """, ct);
                await using (var store = ctx.Store(source, scratch))
                await using (var daemon = new ProjectionDaemon(store, [p]))
                    await WithProgressAsync(ctx, $"replay {p.Name}", progress => daemon.RebuildAsync(p.Name, progress, ct));
                var differences = 0L;
                foreach (var table in p.Tables)
                    differences += await CompareAsync(ctx, source, $"{ctx.QuotedSchema}.{EventStore.Schema.SchemaMigrator.Quote(table.Name)}", $"{s}.{EventStore.Schema.SchemaMigrator.Quote(table.Name)}", table.Name, ct);
                ctx.Out.WriteLine(differences == 0 ? $"OK: the replayed {p.Name} equals the live read model" : $"FAILED: {differences} row(s) differ");
                return differences == 0 ? ExitCodes.Ok : ExitCodes.Finding;
            }
            finally
            {
                if (parse.GetValue(keep)) ctx.Err.WriteLine($"scratch schema kept: {scratch}");
                else await ExecAsync(source, $"drop schema if exists {s} cascade", CancellationToken.None);
            }
        });
        return replay;
    }

    private static Command Rebuild(Commands commands)
    {
        var name = new Argument<string>("name") { Description = "The projection's name." };
        var rebuild = new Command("rebuild", "Rebuild a projection into a new generation and switch to it (the live model keeps serving meanwhile).") { name };
        commands.SetAction(rebuild, async (ctx, parse, ct) =>
        {
            var p = Find(parse.GetValue(name)!);
            await using var store = ctx.Store(ctx.ReadWrite());
            await using var daemon = new ProjectionDaemon(store, global::Projections.ProjectionCatalogue.All());
            var last = await WithProgressAsync(ctx, $"rebuild {p.Name}", progress => daemon.RebuildAsync(p.Name, progress, ct));
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rebuilt {p.Name}: {last?.Processed ?? 0:N0} events, {last?.EventsPerSecond ?? 0:N0} events/s"));
            return ExitCodes.Ok;
        });
        return rebuild;
    }

    /// <summary>Runs a rebuild under a progress bar with rate and ETA; returns the last progress report.</summary>
    private static Task<RebuildProgress?> WithProgressAsync(AuditContext ctx, string label, Func<IProgress<RebuildProgress>, Task> run) =>
        ctx.Progress(label, "events").RunAsync(async report =>
        {
            RebuildProgress? last = null;
            // Synchronous progress: the daemon's own counts, as reported.
            await run(new SyncProgress(r =>
            {
                last = r;
                report(r.Processed, r.Total);
            }));
            return last;
        });

    private sealed class SyncProgress(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }

    /// <summary>Rows in one table and not the other (as multisets), both ways; prints up to five of each.</summary>
    private static async Task<long> CompareAsync(AuditContext ctx, NpgsqlDataSource source, string live, string replayed, string table, CancellationToken ct)
    {
        foreach (var (label, a, b) in new[] { ("only live", live, replayed), ("only replayed", replayed, live) })
        {
            await using var cmd = source.CreateCommand($"select row_to_json(x)::text from (select * from {a} except all select * from {b}) x limit 5");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) ctx.Out.WriteLine($"  {table} {label}: {r.GetString(0)}");
        }
        long differences;
        await using (var count = source.CreateCommand($"select (select count(*) from (select * from {live} except all select * from {replayed}) a) + (select count(*) from (select * from {replayed} except all select * from {live}) b)"))
            differences = (long)(await count.ExecuteScalarAsync(ct))!;
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table}: {differences} differing row(s)"));
        return differences;
    }

    private static async Task ExecAsync(NpgsqlDataSource source, string sql, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
