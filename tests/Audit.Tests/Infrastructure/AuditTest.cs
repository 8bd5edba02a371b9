using System.Diagnostics;
using Domain;
using Domain.Alarms;
using Domain.Sites;
using EventStore;
using Npgsql;

namespace Audit.Tests.Infrastructure;

/// <summary>
/// Base for audit tests: a migrated store with the domain's event types in a schema of its own (dropped afterwards),
/// and the CLI run in-process or as a process against it, always on the primary (no replication lag).
/// </summary>
public abstract class AuditTest : IAsyncLifetime
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=eventstore";

    /// <summary>The test servers' streaming replica (scripts/servers.sh).</summary>
    public static string ReplicaConnectionString { get; } =
        Environment.GetEnvironmentVariable("ES_PG_REPLICA") ?? "Host=127.0.0.1;Port=55433;Username=postgres;Database=eventstore";

    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => NpgsqlDataSource.Create(ConnectionString));

    protected static NpgsqlDataSource DataSource => Shared.Value;

    protected string Schema { get; } = NewSchema("audit");
    protected PostgresEventStore Store { get; private set; } = null!;
    private readonly List<string> _schemas = [];

    protected static string NewSchema(string prefix) => $"t_{prefix}_{Guid.NewGuid():N}"[..40];

    protected PostgresEventStore NewStore(string schema)
    {
        _schemas.Add(schema);
        var o = new EventStoreOptions { Schema = schema };
        foreach (var (type, name) in DomainEventTypes.All) o.Types.Register(type, name);
        return new PostgresEventStore(DataSource, o);
    }

    public virtual async Task InitializeAsync()
    {
        Store = NewStore(Schema);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var s in _schemas) await ExecAsync($"drop schema if exists \"{s}\" cascade");
    }

    public sealed record Run(int ExitCode, string Out, string Err);

    /// <summary>Runs the CLI in this process against <see cref="Schema"/> (or the schema given with --schema in args).</summary>
    protected async Task<Run> AuditAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AuditCli.RunAsync([.. args, .. Defaults(args)], stdout, stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built CLI as a separate process (<c>dotnet Audit.dll</c>).</summary>
    protected async Task<Run> AuditProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Audit.dll"));
        foreach (var a in args.Concat(Defaults(args))) start.ArgumentList.Add(a);
        start.Environment.Remove("ES_PG_REPLICA");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    private IEnumerable<string> Defaults(string[] args) =>
        (args.Contains("--connection") ? [] : new[] { "--connection", ConnectionString })
        .Concat(args.Contains("--schema") ? [] : ["--schema", Schema])
        .Concat(args.Contains("--replica") ? [] : ["--primary"]);

    protected static async Task ExecAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    protected static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    protected string Q => $"\"{Schema}\"";

    protected static readonly DateTimeOffset T0 = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A site, and an alarm raised and acknowledged at that site: what most tests look at.</summary>
    protected async Task<(string Site, string Alarm)> SeedAsync(string correlation = "req-1")
    {
        var site = StreamIds.Site(Guid.NewGuid());
        var alarm = StreamIds.Alarm(Guid.NewGuid());
        var meta = new EventMetadata(correlation, correlation, "alice", "tenant-a");
        await Store.AppendAsync(site, "site", ExpectedVersion.NoStream,
            [new NewEvent(new SiteRegistered(site, "Depot Nord", new SiteAddress("Hafenstraße 1", "20457", "Hamburg", "DE"), "tenant-a",
                [new SiteContact(1, "Zoë", "+49 40 123")], "gate code \"1234\"", T0), meta)]);
        await Store.AppendAsync(alarm, "alarm", ExpectedVersion.NoStream,
            [new NewEvent(new AlarmRaised(alarm, site, "panel-1", AlarmKind.Burglary, AlarmPriority.High, 1, 7, "trigger-1", T0.AddMinutes(1)),
                new EventMetadata(correlation, correlation, "ingest", "tenant-a"))]);
        await Store.AppendAsync(alarm, "alarm", ExpectedVersion.Exact(1),
            [new NewEvent(new AlarmAcknowledged(alarm, "op-12", T0.AddMinutes(2)), new EventMetadata("req-2", "req-2", "op-12", "tenant-a"))]);
        return (site, alarm);
    }

    /// <summary>A site stream long enough to take the binary COPY path (70 events in one append).</summary>
    protected async Task<string> SeedLongSiteAsync()
    {
        var site = StreamIds.Site(Guid.NewGuid());
        var events = new List<NewEvent> { new(new SiteRegistered(site, "Lager", SiteAddress.None, "tenant-b", [], "", T0)) };
        events.AddRange(Enumerable.Range(1, 69).Select(i => new NewEvent(new SiteDetailsChanged(site, $"Lager {i}", SiteAddress.None, [], $"note {i}", T0.AddSeconds(i)))));
        await Store.AppendAsync(site, "site", ExpectedVersion.NoStream, events);
        return site;
    }
}
