using Audit.Tests.Infrastructure;

namespace Audit.Tests.Cli;

/// <summary>Usage and connection errors exit 2 with one clear line and no stack trace unless --verbose.</summary>
public sealed class ExitCodeTests : AuditTest
{
    [Fact]
    public async Task An_unknown_command_or_a_missing_argument_is_a_usage_error()
    {
        var unknown = await AuditAsync("frobnicate");
        var missing = await AuditAsync("stream", "show");

        var badTime = await AuditAsync("streams", "list", "--created-from", "yesterday");

        Assert.Equal((2, "audit: --created-from: 'yesterday' is not a time; use ISO 8601, e.g. 2025-05-01T09:41:07Z.\n"), (badTime.ExitCode, badTime.Err));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("audit: ", missing.Err);
    }

    [Fact]
    public async Task An_unreachable_database_is_one_line_on_stderr_and_exit_2_also_as_a_process()
    {
        var run = await AuditProcessAsync("verify", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=2");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("audit: cannot reach PostgreSQL", run.Err);

        var verbose = await AuditAsync("verify", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=2", "--verbose");
        Assert.Equal(2, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err);
    }

    [Fact]
    public async Task A_missing_stream_or_schema_is_reported_plainly()
    {
        var stream = await AuditAsync("stream", "show", "alarm-nope");
        var schema = await AuditAsync("verify", "--schema", "no_such_schema");

        Assert.Equal((2, "audit: Stream 'alarm-nope' does not exist.\n"), (stream.ExitCode, stream.Err));
        Assert.Equal(2, schema.ExitCode);
        Assert.StartsWith("audit: no event store here", schema.Err);
    }

    [Fact]
    public async Task Read_only_commands_go_to_the_replica_and_name_it_when_it_is_unreachable()
    {
        var (_, alarm) = await SeedAsync();
        const string down = "Host=127.0.0.1;Port=1;Username=x;Timeout=2";

        var replica = await AuditProcessAsync("stream", "show", alarm, "--replica", down);
        var primary = await AuditProcessAsync("stream", "show", alarm, "--replica", down, "--primary");
        var export = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            Assert.Equal(0, (await AuditAsync("export", "--output", export)).ExitCode);
            // A command that writes never uses the replica.
            var import = await AuditAsync("import", export, "--schema", NewSchema("import"), "--replica", down);
            Assert.Equal(0, import.ExitCode);
        }
        finally
        {
            File.Delete(export);
        }

        Assert.Equal(2, replica.ExitCode);
        Assert.Equal("audit: cannot reach the replica 127.0.0.1:1: Connection refused; --primary reads from the primary instead", replica.Err.Trim());
        Assert.Equal(0, primary.ExitCode);
        Assert.Contains("alarm_acknowledged", primary.Out);
    }

    [Fact]
    public async Task Read_only_commands_work_on_the_hot_standby()
    {
        var (_, alarm) = await SeedAsync();
        // The test servers' streaming replica: wait until it has replayed the seed.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Run show;
        while ((show = await AuditAsync("stream", "show", alarm, "--replica", ReplicaConnectionString)).ExitCode != 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var verify = await AuditProcessAsync("verify", "--replica", ReplicaConnectionString);
        var rebuild = await AuditAsync("projection", "rebuild", "open_alarms", "--connection", ReplicaConnectionString);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("alarm_acknowledged", show.Out);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("verified 3 events in 2 streams", verify.Out);
        // Pointed at the standby as if it were the primary, a command that writes says so in one line.
        Assert.Equal(2, rebuild.ExitCode);
        Assert.Single(rebuild.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("audit: ", rebuild.Err);
    }

    [Fact]
    public async Task A_command_that_writes_refuses_a_read_only_connection_in_one_line()
    {
        await SeedAsync();
        var export = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            Assert.Equal(0, (await AuditAsync("export", "--output", export)).ExitCode);
            var run = await AuditAsync("import", export, "--schema", NewSchema("import"),
                "--connection", ConnectionString + ";Options=-c default_transaction_read_only=on");

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("audit: this command writes: it cannot run on a replica or read-only connection", run.Err.Trim());
        }
        finally
        {
            File.Delete(export);
        }
    }
}
