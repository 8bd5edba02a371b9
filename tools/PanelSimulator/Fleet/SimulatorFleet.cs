using System.Net;
using System.Net.Sockets;

namespace PanelSimulator;

/// <summary>
/// Many simulated panels in one process, each behind its own module (<see cref="SimulatorServer"/>), with shared
/// traffic (one <see cref="TrafficScheduler"/>) and one ground-truth record of everything they generated.
/// </summary>
public sealed class SimulatorFleet : IAsyncDisposable
{
    private readonly List<SimulatorServer> servers;
    private readonly TrafficScheduler traffic;
    private readonly GroundTruthWriter? writer;
    private readonly List<GroundTruthEvent>? kept;
    private long generated;

    private SimulatorFleet(List<SimulatorServer> servers, TrafficScheduler traffic, GroundTruthWriter? writer, bool keep)
    {
        this.servers = servers;
        this.traffic = traffic;
        this.writer = writer;
        kept = keep ? [] : null;
    }

    /// <summary>The modules, in panel order.</summary>
    public IReadOnlyList<SimulatorServer> Servers => servers;

    /// <summary>The panels, in order.</summary>
    public IReadOnlyList<SimulatedPanel> Panels => [.. servers.Select(s => s.Panel)];

    /// <summary>How many events all panels generated so far.</summary>
    public long EventsGenerated => Interlocked.Read(ref generated);

    /// <summary>Raised for every event of every panel (on the thread that caused it; keep handlers quick).</summary>
    public event Action<GroundTruthEvent>? EventGenerated;

    /// <summary>A copy of every event generated so far (empty unless <see cref="FleetOptions.KeepGroundTruth"/>).</summary>
    public IReadOnlyList<GroundTruthEvent> GroundTruth
    {
        get
        {
            if (kept is null)
                return [];
            lock (kept)
                return [.. kept];
        }
    }

    /// <summary>Starts every panel's module, then the traffic.</summary>
    /// <exception cref="SocketException">An address or port cannot be bound; the panels started are stopped again.</exception>
    public static async Task<SimulatorFleet> StartAsync(FleetOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Panels);
        var addressing = options.Addressing == FleetAddressing.Addresses && !CanBindLoopbackAliases()
            ? FleetAddressing.Ports
            : options.Addressing;
        var writer = options.GroundTruthPath is { } path ? new GroundTruthWriter(path) : null;
        var fleet = new SimulatorFleet([], new TrafficScheduler(options.Server.Time), writer, options.KeepGroundTruth);
        try
        {
            for (var i = 0; i < options.Panels; i++)
            {
                var panel = new SimulatedPanel(options.Definition(i), options.Server.Time);
                panel.EventGenerated += fleet.Record;
                fleet.servers.Add(await SimulatorServer.StartAsync(panel, EndPointOf(i, options, addressing), options.Server, ct)
                    .ConfigureAwait(false));
            }
        }
        catch
        {
            await fleet.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        fleet.StartTraffic(options);
        return fleet;
    }

    /// <summary>Stops traffic and every module, then finishes the ground-truth file.</summary>
    public async ValueTask DisposeAsync()
    {
        await traffic.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (writer is not null)
            await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Panel i's endpoint under <paramref name="addressing"/>.</summary>
    public static IPEndPoint EndPointOf(int i, FleetOptions options, FleetAddressing addressing)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (addressing == FleetAddressing.Ports)
            return new IPEndPoint(options.Address, options.BasePort == 0 ? 0 : options.BasePort + i);
        // 127.0.1.1, 127.0.1.2, … counting on into 127.0.2.x and beyond.
        var value = (0x7F000101u + (uint)i) is var v && v <= 0x7FFFFFFEu
            ? v
            : throw new ArgumentOutOfRangeException(nameof(i), i, "Too many panels for 127/8.");
        var bytes = new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        return new IPEndPoint(new IPAddress(bytes), options.BasePort);
    }

    /// <summary>Whether this OS lets a socket bind 127.0.1.1 (Linux routes all of 127/8 to loopback).</summary>
    public static bool CanBindLoopbackAliases()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Parse("127.0.1.1"), 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void StartTraffic(FleetOptions options)
    {
        var random = new Random(options.Seed);
        for (var i = 0; i < servers.Count; i++)
        {
            var panel = servers[i].Panel;
            if (options.Scenario is { } scenario)
                traffic.AddScenario(panel, scenario, options.ScenarioSpread * random.NextDouble());
            if (options.RandomEventsPerSecond > 0)
                traffic.AddRandomTraffic(panel, options.RandomEventsPerSecond, options.Seed * 7919 + i);
        }
    }

    private void Record(GroundTruthEvent e)
    {
        Interlocked.Increment(ref generated);
        writer?.Add(e);
        if (kept is not null)
            lock (kept)
                kept.Add(e);
        EventGenerated?.Invoke(e);
    }
}
