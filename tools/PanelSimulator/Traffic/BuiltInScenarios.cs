namespace PanelSimulator;

/// <summary>Scenarios that ship with the simulator, by name.</summary>
public static class BuiltInScenarios
{
    /// <summary>
    /// A minute in the life of a busy site, repeated: arming, a burglary alarm in the armed partition within
    /// seconds, mains failure, a tamper, clearing and disarming. Every panel of a fleet shows alarms within a minute.
    /// Uses partitions 1–2 and zones 1–3 (panels without them skip those steps).
    /// </summary>
    public const string LivelyText = """
        # lively: alarms, troubles and arming every minute
        +2s   arm partition 1
        +5s   violate zone 1          # zone 1 is in partition 1: burglary alarm
        +8s   restore zone 1
        +12s  disarm partition 1      # disarming also clears the alarm
        +15s  ac-loss
        +20s  tamper zone 2
        +24s  restore-tamper zone 2
        +26s  clear-alarm partition 2
        +30s  ac-restore
        +35s  violate zone 3
        +40s  restore zone 3
        +45s  arm partition 2
        +55s  disarm partition 2
        repeat 60s
        """;

    /// <summary>The names <see cref="Find"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lively"];

    /// <summary>The built-in scenario called <paramref name="name"/>, or null.</summary>
    public static Scenario? Find(string name) => name.ToLowerInvariant() switch
    {
        "lively" => Scenario.Parse(LivelyText),
        _ => null,
    };

    /// <summary>A built-in scenario by name, else the scenario file at <paramref name="nameOrPath"/>.</summary>
    public static Scenario Resolve(string nameOrPath) => Find(nameOrPath) ?? Scenario.Load(nameOrPath);
}
