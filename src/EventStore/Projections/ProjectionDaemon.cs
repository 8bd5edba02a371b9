using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventStore.Projections;

/// <summary>
/// Runs async projections: each tails the log in (transaction id, position) order, applying batches with their
/// checkpoint in one transaction. Start one daemon per host; per projection, one host runs it at a time
/// (advisory-lock leader election) and another takes over when it dies. Woken by LISTEN/NOTIFY after appends,
/// polling as a fallback.
/// </summary>
public sealed partial class ProjectionDaemon : IAsyncDisposable
{
    private readonly PostgresEventStore _store;
    private readonly DaemonOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Projection> _projections;
    private readonly List<ProjectionAgent> _agents = [];
    private readonly List<Task> _tasks = [];
    private CancellationTokenSource? _stop;

    public ProjectionDaemon(PostgresEventStore store, IEnumerable<Projection> projections, DaemonOptions? options = null, ILogger<ProjectionDaemon>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new DaemonOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _projections = new Dictionary<string, Projection>(StringComparer.Ordinal);
        foreach (var p in projections)
        {
            ProjectionCatalog.ValidateName(p.Name);
            if (!_projections.TryAdd(p.Name, p)) throw new ArgumentException($"Projection '{p.Name}' is registered twice.");
        }
    }

    /// <summary>Whether the daemon was started and not stopped.</summary>
    public bool IsRunning => _stop is not null;

    /// <summary>The projections this daemon knows.</summary>
    public IReadOnlyCollection<string> Projections => _projections.Keys;

    /// <summary>The projections this host is running right now (those whose leadership it holds).</summary>
    public IReadOnlyCollection<string> RunningHere => _agents.Where(a => a.IsLeader).Select(a => a.Name).ToArray();

    /// <summary>Sets up each projection's tables (first time only) and starts competing for them.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_stop is not null) throw new InvalidOperationException("The daemon is already started.");
        foreach (var p in _projections.Values) await ProjectionCatalog.EnsureAsync(_store.DataSource, _store.Options.Schema, p, ct);
        var stop = new CancellationTokenSource();
        _stop = stop;
        foreach (var p in _projections.Values)
        {
            var agent = new ProjectionAgent(_store, new ProjectionBatches(_store, p), _options, _logger);
            _agents.Add(agent);
            _tasks.Add(Task.Run(() => agent.RunAsync(stop.Token)));
        }
        if (_projections.Count == 0) return;
        var listener = new NotificationListener(_store.DataSource, _store.NotificationChannel, WakeAll, _logger);
        _tasks.Add(Task.Run(() => listener.RunAsync(stop.Token)));
    }

    /// <summary>Stops all agents (an in-flight batch is rolled back and applied again by whoever runs next).</summary>
    public async Task StopAsync()
    {
        var stop = Interlocked.Exchange(ref _stop, null);
        if (stop is null) return;
        await stop.CancelAsync();
        try { await Task.WhenAll(_tasks); } catch (OperationCanceledException) { }
        _tasks.Clear();
        foreach (var a in _agents) a.Dispose();
        _agents.Clear();
        stop.Dispose();
    }

    /// <summary>The running agents (for tests).</summary>
    internal IReadOnlyList<ProjectionAgent> Agents => _agents;

    private void WakeAll(ulong? upTo)
    {
        foreach (var a in _agents) a.Wake(upTo);
    }

    internal Projection Get(string name) =>
        _projections.TryGetValue(name, out var p) ? p : throw new ArgumentException($"Unknown projection '{name}'. Known: {string.Join(", ", _projections.Keys)}.");

    public ValueTask DisposeAsync() => new(StopAsync());
}
