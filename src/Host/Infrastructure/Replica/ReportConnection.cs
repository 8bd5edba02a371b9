using Npgsql;

namespace Host.Infrastructure.Replica;

/// <summary>
/// An open connection for report queries, and where it goes: <see cref="Source"/> is "replica" or "primary" (the
/// fallback), <see cref="LagSeconds"/> how far the data it reads is behind the primary (0 on the primary; null when
/// unknown). Reports put both in their responses so a reader knows how fresh they are.
/// </summary>
internal sealed class ReportConnection(NpgsqlConnection connection, string source, double? lagSeconds) : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;

    public string Source { get; } = source;

    public double? LagSeconds { get; } = lagSeconds;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
