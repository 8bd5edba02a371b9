using EventStore.Diagnostics;
using EventStore.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Messaging.Outbox;

/// <summary>
/// Publishes outbox rows to the broker. Any number of relays (in any processes) share the partitions: each holds
/// its share by session advisory locks, so one partition is published by one relay at a time, in commit order.
/// A relay that dies loses its locks with its connection and the others take its share after its heartbeat ages
/// out. Rows are deleted only after the broker confirmed them; after a crash they are published again (consumers'
/// inboxes drop the duplicates), in the same order.
/// </summary>
public sealed partial class OutboxRelay : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly OutboxOptions _options;
    private readonly IOutboxPublisher _publisher;
    private readonly ILogger _logger;
    private readonly OutboxReader _reader;
    private readonly OutageReporter _outage;
    private readonly Dictionary<int, PartitionWorker> _workers = [];
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public OutboxRelay(NpgsqlDataSource dataSource, OutboxOptions options, IOutboxPublisher publisher, ILogger<OutboxRelay>? logger = null, string? nodeId = null)
    {
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _publisher = publisher;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _reader = new OutboxReader(options);
        NodeId = nodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        _outage = new OutageReporter(_logger, $"Outbox relay {NodeId}");
    }

    /// <summary>What this relay publishes with.</summary>
    public IOutboxPublisher Publisher => _publisher;

    /// <summary>This relay's name in <c>relay_nodes</c>.</summary>
    public string NodeId { get; }

    /// <summary>The partitions this relay publishes now.</summary>
    public IReadOnlyCollection<int> Partitions { get { lock (_workers) return _workers.Keys.ToArray(); } }

    public Task StartAsync(CancellationToken ct = default)
    {
        if (_stop is not null) throw new InvalidOperationException("The relay is already started.");
        var stop = new CancellationTokenSource();
        _stop = stop;
        _loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Wakes every partition worker.</summary>
    public void Wake()
    {
        lock (_workers) foreach (var w in _workers.Values) w.Wake();
    }

    /// <summary>Wakes the workers of <paramref name="partitions"/> (after a local commit wrote rows there).</summary>
    public void Wake(IReadOnlyCollection<int> partitions)
    {
        lock (_workers)
            foreach (var p in partitions)
                if (_workers.TryGetValue(p, out var w)) w.Wake();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var lockClass = LockKeys.Hash(_options.Schema + ":outbox");
        var listener = Task.Run(() => ListenAsync(stop), CancellationToken.None);
        var leasesLost = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var leases = await _dataSource.OpenConnectionAsync(stop);
                while (!stop.IsCancellationRequested)
                {
                    var live = await HeartbeatAsync(leases, stop);
                    if (leasesLost) _outage.Recovered();
                    leasesLost = false;
                    await BalanceAsync(leases, lockClass, live, stop);
                    await Task.Delay(_options.HeartbeatInterval, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Lost the lease connection: our locks are gone, so stop publishing before anyone else starts.
                // Retried every heartbeat while the database is away (a failover): reported as one outage.
                leasesLost = true;
                _outage.Failed(e, "holding its partition leases (partitions released)");
                await StopWorkersAsync(Partitions);
                try { await Task.Delay(_options.HeartbeatInterval, stop); } catch (OperationCanceledException) { break; }
            }
        }
        await StopWorkersAsync(Partitions);
        await listener;
    }

    public async Task StopAsync()
    {
        var stop = Interlocked.Exchange(ref _stop, null);
        if (stop is null) return;
        await stop.CancelAsync();
        try { if (_loop is not null) await _loop; } catch (OperationCanceledException) { }
        try
        {
            await using var cmd = _dataSource.CreateCommand($"delete from {EventStore.Schema.SchemaMigrator.Quote(_options.Schema)}.relay_nodes where node_id = $1");
            cmd.Parameters.Add(new() { Value = NodeId });
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException) { /* the heartbeat ages out by itself */ }
        stop.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    [LoggerMessage(LogLevel.Warning, "Outbox relay: {Count} unroutable message(s) in partition {Partition} moved to dead_letters")]
    private partial void LogUnroutable(int count, int partition);

    [LoggerMessage(LogLevel.Information, "Outbox relay {Node}: now publishing partitions {Partitions}")]
    private partial void LogPartitions(string node, string partitions);
}
