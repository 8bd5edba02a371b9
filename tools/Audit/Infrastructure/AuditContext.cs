using System.CommandLine;
using Domain;
using EventStore;
using Npgsql;
using Spectre.Console;

namespace Audit.Infrastructure;

/// <summary>
/// What a command runs against and writes to: the connection (read-only commands go to the replica unless
/// <c>--primary</c>, and open read-only transactions), the schema, stdout for results and stderr for progress.
/// </summary>
internal sealed class AuditContext(ParseResult parse, GlobalOptions options, TextWriter stdout, TextWriter stderr) : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;
    public string Schema { get; } = ValidSchema(parse.GetValue(options.Schema)!);
    public string QuotedSchema => EventStore.Schema.SchemaMigrator.Quote(Schema);

    /// <summary>Results as tables: no colours and no terminal tricks, so that output can be piped and compared.</summary>
    public IAnsiConsole Console { get; } = Results(stdout);

    private static IAnsiConsole Results(TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        // Wide enough that stream ids and JSON are not wrapped into unreadable, ungreppable cells when piped.
        console.Profile.Width = 400;
        return console;
    }

    /// <summary>Progress on stderr: an animated bar when stderr is a terminal, plain lines when it is redirected.</summary>
    public ProgressView Progress(string label, string unit) =>
        new(Err, terminal: ReferenceEquals(Err, System.Console.Error) && !System.Console.IsErrorRedirected, label, unit);

    /// <summary>The replica's host and port once a read-only command chose it: an unreachable replica is named as such.</summary>
    public string? ReplicaInUse { get; private set; }

    /// <summary>
    /// A data source for reading: the replica when one is configured (unless <c>--primary</c>), else the primary; in
    /// read-only transactions either way. No silent fall-back to the primary when the replica is down: a walk over the
    /// whole log is exactly the load the replica is there to keep off the primary, so that is the operator's choice.
    /// </summary>
    public NpgsqlDataSource ReadOnly()
    {
        var replica = parse.GetValue(options.Replica)
                      ?? (Environment.GetEnvironmentVariable("ES_PG_REPLICA") is { Length: > 0 } r ? r : null);
        if (parse.GetValue(options.Primary) || replica is null) return Create(PrimaryConnectionString(), readOnly: true);
        var source = Create(replica, readOnly: true);
        var b = new NpgsqlConnectionStringBuilder(replica);
        ReplicaInUse = $"{b.Host}:{b.Port}";
        return source;
    }

    /// <summary>A data source on the primary, for commands that write.</summary>
    public NpgsqlDataSource ReadWrite() => Create(PrimaryConnectionString(), readOnly: false);

    /// <summary>A store over <paramref name="source"/> with every domain event type registered.</summary>
    public PostgresEventStore Store(NpgsqlDataSource source, string? schema = null)
    {
        var o = new EventStoreOptions { Schema = schema ?? Schema };
        foreach (var (type, name) in DomainEventTypes.All) o.Types.Register(type, name);
        return new PostgresEventStore(source, o);
    }

    private string PrimaryConnectionString() =>
        parse.GetValue(options.Connection)
        ?? (Environment.GetEnvironmentVariable("ES_AUDIT_PG") is { Length: > 0 } a ? a : null)
        ?? (Environment.GetEnvironmentVariable("ES_PG") is { Length: > 0 } p ? p : null)
        ?? throw new AuditException("No connection: pass --connection or set ES_AUDIT_PG.");

    private NpgsqlDataSource Create(string connectionString, bool readOnly)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new AuditException($"Invalid connection string: {e.Message}"); }
        builder.ApplicationName ??= "audit";
        builder.CommandTimeout = 0; // a walk over the whole log may take long; cancel with Ctrl+C instead
        // Every transaction read-only, including implicit ones: an audit read can never write by mistake.
        if (readOnly) builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim();
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        _sources.Add(source);
        return source;
    }

    private static string ValidSchema(string schema)
    {
        // The store's own rule (EventStoreOptions): the name is spliced into SQL.
        if (schema.Length is 0 or > 50 || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(schema[0]))
            throw new AuditException($"Schema name '{schema}' must be 1-50 letters, digits or underscores, not starting with a digit.");
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sources) await s.DisposeAsync();
    }
}
