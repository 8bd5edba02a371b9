using PanelSimulator;

namespace EndToEnd.Tests;

/// <summary>
/// The scripted part of the traffic every panel plays (Standard panels: odd zones in partition 1, even zones in
/// partition 2): burglary alarms in several zones, one of them repeated while open, tampers, a trouble that comes
/// back, arming and disarming both partitions, restores of everything. Random activity runs on top of it, so some
/// steps may find the panel in another state (a partition that cannot be armed); the ground truth says what happened.
/// </summary>
internal static class SiteScenario
{
    public static Scenario Script { get; } = Scenario.Parse("""
        +0.5s  arm partition 1
        +1s    violate zone 1          # partition 1 armed: burglary alarm in zone 1
        +1.5s  restore zone 1
        +2s    violate zone 3          # also partition 1: a second burglary alarm
        +2.5s  restore zone 3
        +3s    tamper zone 2           # tamper alarm, armed or not
        +3.5s  ac-loss                 # a trouble
        +4s    violate zone 1          # zone 1 again while its alarm is open: a repeat
        +4.5s  restore zone 1
        +5s    restore-tamper zone 2
        +6s    disarm partition 1      # clears partition 1's alarm on the panel (not on the board)
        +6.5s  clear-alarm partition 2
        +7s    ac-restore
        +7.5s  arm partition 2
        +8s    violate zone 4          # partition 2 armed: burglary alarm in zone 4
        +8.5s  restore zone 4
        +9s    tamper zone 6
        +9.5s  restore-tamper zone 6
        +10s   disarm partition 2
        +10.5s ac-loss                 # the trouble again while its alarm is open: a repeat
        +11s   ac-restore
        +12s   bypass zone 8           # the last step (random traffic never bypasses): marks the end
        """);

    /// <summary>Whether <paramref name="truth"/> holds the scenario's last step: zone 8 bypassed (570).</summary>
    public static bool Finished(IEnumerable<GroundTruthEvent> truth) => truth.Any(e => e is { Code: 570, Restore: false, Zone: 8 });
}
