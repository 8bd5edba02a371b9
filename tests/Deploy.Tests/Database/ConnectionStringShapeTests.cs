using Deploy.Tests.Support;
using Npgsql;

namespace Deploy.Tests.Database;

/// <summary>
/// The production connection strings (deploy/make-secrets.sh) list both database nodes and let Npgsql pick by role:
/// the primary for the store, the standby for reports. Checked against the test primary and its hot standby, listed
/// standby first so that a client taking the first host would be caught.
/// </summary>
public sealed class ConnectionStringShapeTests
{
    private static string BothNodes(string attributes)
    {
        var primary = new NpgsqlConnectionStringBuilder(TestHost.ConnectionString);
        var replica = new NpgsqlConnectionStringBuilder(TestHost.ReplicaConnectionString ?? "Host=127.0.0.1;Port=55433");
        return new NpgsqlConnectionStringBuilder(TestHost.ConnectionString)
        {
            Host = $"{replica.Host}:{replica.Port},{primary.Host}:{primary.Port}",
            TargetSessionAttributes = attributes,
            HostRecheckSeconds = 5,
        }.ConnectionString;
    }

    private static async Task<bool> InRecoveryAsync(string connectionString)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString); // as the store and ReportDatabase make theirs
        await using var cmd = ds.CreateCommand("select pg_is_in_recovery()");
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_store_connects_to_the_primary_and_reports_to_the_standby_from_the_same_host_list()
    {
        Assert.False(await InRecoveryAsync(BothNodes("primary")), "Target Session Attributes=primary reached a standby");
        Assert.True(await InRecoveryAsync(BothNodes("prefer-standby")), "Target Session Attributes=prefer-standby did not reach the standby");
    }
}
