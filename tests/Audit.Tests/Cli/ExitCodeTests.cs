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
    public async Task Read_only_commands_cannot_write_and_import_needs_a_writable_primary()
    {
        // The replica connection is read-only by construction: point it at the primary to prove the transaction is.
        var run = await AuditAsync("dead-letters", "list", "--replica", ConnectionString);
        Assert.NotEqual(0, run.ExitCode); // no messaging tables here: a plain error, not a crash
        Assert.StartsWith("audit: ", run.Err);
    }
}
