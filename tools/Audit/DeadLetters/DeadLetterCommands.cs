using System.CommandLine;
using System.Globalization;
using System.Text;
using Audit.Infrastructure;
using Messaging.DeadLetters;
using Messaging.Outbox;
using Spectre.Console;

namespace Audit.DeadLetters;

/// <summary><c>dead-letters list|replay</c>: the messaging dead letters kept in PostgreSQL (docs/messaging.md).</summary>
internal static class DeadLetterCommands
{
    public static Command Create(Commands commands)
    {
        var queue = new Option<string?>("--queue") { Description = "Only this queue." };
        var all = new Option<bool>("--all") { Description = "Include dead letters already replayed." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "JSON lines instead of a table." };
        var list = new Command("list", "List dead letters (not yet replayed unless --all).") { queue, all, limit, json };
        commands.SetAction(list, async (ctx, parse, ct) =>
        {
            var store = new DeadLetterStore(ctx.ReadOnly(), new OutboxOptions { Schema = ctx.Schema });
            var letters = await store.ListAsync(parse.GetValue(queue), parse.GetValue(all), parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                var lines = new JsonLines(ctx.Out);
                foreach (var d in letters)
                    lines.Write(w =>
                    {
                        w.WriteNumber("id", d.Id); w.WriteString("queue", d.Queue); w.WriteString("messageId", d.MessageId); w.WriteString("messageType", d.MessageType);
                        w.WriteString("exceptionType", d.ExceptionType); w.WriteString("exceptionMessage", d.ExceptionMessage);
                        w.WriteString("failedAt", d.FailedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                        w.WriteString("replayedAt", d.ReplayedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                        w.WriteString("body", Encoding.UTF8.GetString(d.Body.Span));
                    });
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "Queue", "Message type", "Failed (UTC)", "Error", "Replayed");
            foreach (var d in letters)
                table.AddRow(d.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Queue), Markup.Escape(d.MessageType ?? "?"),
                    d.FailedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape($"{d.ExceptionType}: {d.ExceptionMessage}"), d.ReplayedAt is null ? "no" : "yes");
            ctx.Out.WriteLine($"{letters.Count} dead letter(s)");
            if (letters.Count > 0) ctx.Console.Write(table);
            return ExitCodes.Ok;
        });

        var ids = new Argument<long[]>("ids") { Description = "Dead letter ids (from list).", Arity = ArgumentArity.OneOrMore };
        var replay = new Command("replay", "Send dead letters back to their queues through the outbox (same message ids).") { ids };
        commands.SetAction(replay, async (ctx, parse, ct) =>
        {
            var store = new DeadLetterStore(ctx.ReadWrite(), new OutboxOptions { Schema = ctx.Schema });
            var wanted = parse.GetValue(ids)!;
            var n = await store.ReplayAsync(wanted, ct);
            ctx.Out.WriteLine($"replayed {n} of {wanted.Length} dead letter(s)" + (n < wanted.Length ? " (the others do not exist, were replayed already or have no message type)" : ""));
            return ExitCodes.Ok;
        });
        return new Command("dead-letters", "Messaging dead letters.") { list, replay };
    }
}
