using System.CommandLine;
using System.Globalization;
using Audit.Infrastructure;
using Spectre.Console;

namespace Audit.Verifying;

/// <summary><c>verify</c>: walks the log and reports the first altered, deleted or inserted event of each broken stream.</summary>
internal static class VerifyCommand
{
    public static Command Create(Commands commands)
    {
        var stream = new Option<string?>("--stream") { Description = "Verify only this stream." };
        var anchor = new Option<FileInfo?>("--anchor") { Description = "Also check history against an anchor written earlier by --save-anchor." };
        var saveAnchor = new Option<FileInfo?>("--save-anchor") { Description = "When verification passes, write every stream's head to this file (keep it off the database host)." };
        var command = new Command("verify", "Verify the hash chain of every stream (exit 1 on a finding).") { stream, anchor, saveAnchor };
        commands.SetAction(command, async (ctx, parse, ct) =>
        {
            var anchorPath = parse.GetValue(anchor)?.FullName;
            if (anchorPath is not null && !File.Exists(anchorPath)) throw new AuditException($"Anchor file '{anchorPath}' does not exist.");
            var savePath = parse.GetValue(saveAnchor)?.FullName;
            var temp = savePath is null ? null : savePath + ".partial";
            await using (var anchorOut = temp is null ? null : new StreamWriter(temp))
            {
                Anchor.Writer? writer = null;
                if (anchorOut is not null) { writer = new Anchor.Writer(anchorOut); writer.Header(ctx.Schema, DateTimeOffset.UtcNow); }
                var verifier = new ChainVerifier(ctx.ReadOnly(), ctx.QuotedSchema)
                {
                    OnlyStream = parse.GetValue(stream),
                    Anchor = anchorPath is null ? null : Anchor.Load(anchorPath),
                    AnchorOut = writer,
                };
                var total = await verifier.CountAsync(ct);
                var result = await ctx.Progress("verify", "events").RunAsync(report => verifier.RunAsync(n => report(n, total), ct));
                if (verifier.OnlyStream is { } only && result.Streams == 0 && result.FindingCount == 0)
                    throw new AuditException($"Stream '{only}' does not exist.");
                Report(ctx, result);
                if (result.FindingCount > 0 || temp is null)
                {
                    if (temp is not null) ctx.Err.WriteLine("audit: no anchor written: verification failed");
                    return result.FindingCount > 0 ? ExitCodes.Finding : ExitCodes.Ok;
                }
            }
            File.Move(temp!, savePath!, overwrite: true);
            ctx.Out.WriteLine($"anchor written to {savePath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Report(AuditContext ctx, VerifyResult r)
    {
        var c = CultureInfo.InvariantCulture;
        ctx.Out.WriteLine(string.Create(c, $"verified {r.Events:N0} events in {r.Streams:N0} streams")
            + (r.Legacy > 0 ? string.Create(c, $"; {r.Legacy:N0} legacy events in {r.LegacyStreams:N0} streams are unchained (stored before the chain existed)") : ""));
        if (r.FindingCount == 0)
        {
            ctx.Out.WriteLine("OK: no altered, deleted or inserted event found");
            return;
        }
        var first = r.Findings[0];
        ctx.Out.WriteLine(string.Create(c, $"FAILED: {r.FindingCount} finding(s). First: {Describe(first)}"));
        var table = new Table().AddColumns("Finding", "Stream", "Version", "Position", "Detail");
        foreach (var f in r.Findings)
            table.AddRow(f.Kind.ToString().ToLowerInvariant(), Markup.Escape(f.StreamId), f.Version.ToString(c), f.Position?.ToString(c) ?? "-", Markup.Escape(f.Detail));
        ctx.Console.Write(table);
    }

    private static string Describe(Finding f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Kind.ToString().ToLowerInvariant()} event: stream {f.StreamId} version {f.Version}{(f.Position is { } p ? $" (position {p})" : "")}: {f.Detail}");
}
