using System.Net.Sockets;
using Host.Infrastructure;
using Npgsql;

namespace Host.Tests.Infrastructure;

/// <summary>
/// Which database errors answer 503 (try again: the database is down, failing over, or a standby) rather than 500.
/// The answer itself, during a real outage, is checked by Deploy.Tests' Patroni failover test.
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("57P01")] // admin shutdown (a fast shutdown, a failover's demotion)
    [InlineData("57P03")] // cannot connect now (starting up, in recovery)
    [InlineData("53300")] // too many connections
    [InlineData("25006")] // read-only transaction: the server reached is a standby now
    public void Server_states_that_pass_are_unavailable(string sqlState) =>
        Assert.True(ErrorHandling.DatabaseUnavailable(new PostgresException("x", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("23505")] // unique violation: a bug or a race, not an outage
    [InlineData("42P01")] // undefined table
    [InlineData("22P02")] // invalid input
    public void Errors_of_the_request_or_the_code_are_not(string sqlState) =>
        Assert.False(ErrorHandling.DatabaseUnavailable(new PostgresException("x", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_connection_that_cannot_be_made_or_was_cut_is_unavailable()
    {
        Assert.True(ErrorHandling.DatabaseUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(ErrorHandling.DatabaseUnavailable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(ErrorHandling.DatabaseUnavailable(new NpgsqlException("No suitable host was found."))); // no primary yet, mid-failover
        Assert.False(ErrorHandling.DatabaseUnavailable(new InvalidOperationException("bug")));
        Assert.False(ErrorHandling.DatabaseUnavailable(null));
    }
}
