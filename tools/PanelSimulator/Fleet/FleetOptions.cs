using System.Net;

namespace PanelSimulator;

/// <summary>How panels of a fleet are reached.</summary>
public enum FleetAddressing
{
    /// <summary>All on <see cref="FleetOptions.Address"/>, panel i on <see cref="FleetOptions.BasePort"/> + i (or free ports when 0).</summary>
    Ports,

    /// <summary>
    /// Panel i on its own loopback address 127.0.1.1 + i, all on <see cref="FleetOptions.BasePort"/>, as real sites
    /// each have their own address. Linux routes all of 127/8 to loopback; elsewhere the fleet falls back to
    /// <see cref="Ports"/>.
    /// </summary>
    Addresses,
}

/// <summary>What a <see cref="SimulatorFleet"/> starts.</summary>
public sealed record FleetOptions
{
    /// <summary>How many panels.</summary>
    public int Panels { get; init; } = 20;

    /// <summary>Panel i's definition (i from 0); by default a standard INTEGRA 128 named <c>sim-00001</c>….</summary>
    public Func<int, PanelDefinition> Definition { get; init; } = i => PanelDefinition.Standard($"sim-{i + 1:D5}");

    /// <summary>Ports on one address, or one address per panel.</summary>
    public FleetAddressing Addressing { get; init; } = FleetAddressing.Ports;

    /// <summary>The address for <see cref="FleetAddressing.Ports"/>.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The first port (0: every panel gets a free port, reported by its server).</summary>
    public int BasePort { get; init; }

    /// <summary>A scenario every panel plays, each with its own start offset within <see cref="ScenarioSpread"/>.</summary>
    public Scenario? Scenario { get; init; }

    /// <summary>Scenario starts are spread over this much time, so a fleet does not act in lockstep.</summary>
    public TimeSpan ScenarioSpread { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Random traffic per panel, in events per second; 0 for none.</summary>
    public double RandomEventsPerSecond { get; init; }

    /// <summary>Seeds the random traffic and the scenario offsets.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where to append ground truth as JSON lines; null for none.</summary>
    public string? GroundTruthPath { get; init; }

    /// <summary>Whether to keep every generated event in <see cref="SimulatorFleet.GroundTruth"/> (tests: yes; long runs: no).</summary>
    public bool KeepGroundTruth { get; init; } = true;

    /// <summary>The module behaviour of every panel.</summary>
    public SimulatorOptions Server { get; init; } = SimulatorOptions.Default;
}
