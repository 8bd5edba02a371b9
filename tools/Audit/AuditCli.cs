using System.CommandLine;
using Audit.Infrastructure;
using Npgsql;

namespace Audit;

/// <summary>
/// The <c>audit</c> command line (docs/audit.md), runnable in-process by tests. Exit codes: 0 ok, 1 a finding,
/// 2 usage or connection error. Errors are one line on stderr; stack traces only with <c>--verbose</c>.
/// </summary>
public static class AuditCli
{
    /// <summary>Parses and runs <paramref name="args"/>, writing results to <paramref name="stdout"/> and errors and progress to <paramref name="stderr"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var g = new GlobalOptions();
        var root = new RootCommand("Audit tooling for the event store: inspect, reconstruct, trace, verify, export and replay.");
        g.AddTo(root);
        var commands = new Commands(g, stdout, stderr);
        root.Subcommands.Add(Streams.StreamCommands.CreateList(commands));
        root.Subcommands.Add(Streams.StreamCommands.CreateStream(commands));
        root.Subcommands.Add(Tracing.TraceCommand.Create(commands));
        root.Subcommands.Add(Verifying.VerifyCommand.Create(commands));
        root.Subcommands.Add(Exporting.ExportCommand.Create(commands));
        root.Subcommands.Add(Exporting.ImportCommand.Create(commands));
        root.Subcommands.Add(Projections.ProjectionCommands.Create(commands));
        root.Subcommands.Add(DeadLetters.DeadLetterCommands.Create(commands));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) await stderr.WriteLineAsync("audit: " + e.Message);
            return ExitCodes.Error;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, ct);
    }
}

/// <summary>Gives each command its context and maps every failure to one line and an exit code.</summary>
internal sealed class Commands(GlobalOptions global, TextWriter stdout, TextWriter stderr)
{
    public void SetAction(Command command, Func<AuditContext, ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, ct) =>
        {
            var verbose = parse.GetValue(global.Verbose);
            AuditContext? context = null;
            try
            {
                context = new AuditContext(parse, global, stdout, stderr);
                return await run(context, parse, ct);
            }
            catch (Exception e)
            {
                await stderr.WriteLineAsync("audit: " + Describe(e, context?.ReplicaInUse));
                if (verbose) await stderr.WriteLineAsync(e.ToString());
                return ExitCodes.Error;
            }
            finally
            {
                if (context is not null) await context.DisposeAsync();
            }
        });

    private static string Describe(Exception e, string? replica) => e switch
    {
        AuditException => e.Message,
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName } p =>
            $"no event store here ({p.MessageText}); check --schema and the connection",
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => "this command writes: it cannot run on a replica or read-only connection",
        // A long read on a hot standby can be cancelled when replay must remove rows it still sees.
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } p when replica is not null =>
            $"the replica {replica} cancelled the read ({p.MessageText}); run it again, or with --primary",
        PostgresException p => $"database error {p.SqlState}: {p.MessageText}",
        NpgsqlException n when replica is not null =>
            $"cannot reach the replica {replica}: {n.InnerException?.Message ?? n.Message}; --primary reads from the primary instead",
        NpgsqlException n => $"cannot reach PostgreSQL: {n.InnerException?.Message ?? n.Message}",
        OperationCanceledException => "cancelled",
        IOException io => io.Message,
        UnauthorizedAccessException ua => ua.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
