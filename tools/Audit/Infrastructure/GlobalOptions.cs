using System.CommandLine;

namespace Audit.Infrastructure;

/// <summary>Options every command takes (recursive on the root command).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Connection { get; } = new("--connection")
    { Description = "Npgsql connection string of the primary (default: env ES_AUDIT_PG, else ES_PG).", Recursive = true };

    public Option<string?> Replica { get; } = new("--replica")
    { Description = "Connection string of the replica that read-only commands use by default (default: env ES_PG_REPLICA).", Recursive = true };

    public Option<bool> Primary { get; } = new("--primary")
    { Description = "Read from the primary even where a replica is configured (no replication lag).", Recursive = true };

    public Option<string> Schema { get; } = new("--schema")
    { Description = "The event store's schema.", DefaultValueFactory = _ => "eventstore", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Stack traces on errors.", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Connection);
        root.Options.Add(Replica);
        root.Options.Add(Primary);
        root.Options.Add(Schema);
        root.Options.Add(Verbose);
    }
}
