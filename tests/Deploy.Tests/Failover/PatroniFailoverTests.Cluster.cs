using Deploy.Tests.Support;
using Npgsql;

namespace Deploy.Tests.Failover;

/// <summary>The local Patroni cluster of scripts/patroni-local.sh: started new for the test, stopped after it.</summary>
public sealed partial class PatroniFailoverTests
{
    /// <summary>A new cluster (reset, then start): the connection string is the last line start prints.</summary>
    private string StartCluster()
    {
        var reset = RunScript("reset", TimeSpan.FromMinutes(2));
        Assert.True(reset.ExitCode == 0, "patroni-local.sh reset failed:\n" + reset.Output);
        _started = true;
        var start = RunScript("start", TimeSpan.FromMinutes(4));
        Assert.True(start.ExitCode == 0, "patroni-local.sh start failed:\n" + start.Output);
        output.WriteLine(start.Stderr.Trim());
        var connectionString = start.Stdout.Trim().Split('\n')[^1];
        Assert.StartsWith("Host=127.0.0.1:", connectionString, StringComparison.Ordinal);
        return connectionString;
    }

    /// <summary>Npgsql takes the host:port list and lands on the primary, which commits synchronously to the standby.</summary>
    private async Task AssertSynchronousReplicationAsync(string connectionString)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        await using var cmd = ds.CreateCommand("select pg_is_in_recovery(), current_setting('synchronous_standby_names'), (select count(*) from pg_stat_replication where sync_state = 'sync')");
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.GetBoolean(0), "Target Session Attributes=primary reached a standby");
        output.WriteLine($"synchronous_standby_names = '{reader.GetString(1)}', sync standbys: {reader.GetInt64(2)}");
        Assert.NotEqual("", reader.GetString(1));
        Assert.Equal(1, reader.GetInt64(2));
    }

    private static async Task<int> ServerPortAsync(string connectionString)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        await using var cmd = ds.CreateCommand("select current_setting('port')::int");
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static ProcessResult RunScript(string command, TimeSpan timeout) =>
        Processes.Run("bash", [Repo.Path("scripts", "patroni-local.sh"), command],
            new Dictionary<string, string?> { ["PATRONI_LOCAL_SYNC"] = "on" }, timeout: timeout);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();   // before the cluster goes: its services stop cleanly
        if (_tap is not null) await _tap.DisposeAsync();
        if (!_started) return;
        var stop = RunScript("stop", TimeSpan.FromMinutes(2));
        if (stop.ExitCode != 0) output.WriteLine("patroni-local.sh stop failed:\n" + stop.Output);
    }
}
