namespace PanelSimulator;

/// <summary>What a scenario step does to a panel; each maps to one <see cref="SimulatedPanel"/> method.</summary>
public enum ScenarioAction
{
    ViolateZone,
    RestoreZone,
    TamperZone,
    RestoreTamper,
    BypassZone,
    UnbypassZone,
    ArmPartition,
    ForceArmPartition,
    DisarmPartition,
    ClearAlarm,
    AcLoss,
    AcRestore,
    OutputOn,
    OutputOff,
}

/// <summary>One line of a scenario: at <paramref name="At"/> after the scenario (re)starts, do <paramref name="Action"/>.</summary>
/// <param name="Target">The zone, partition or output number; 0 for actions without one.</param>
/// <param name="User">The acting user for arming, disarming, clearing and bypassing.</param>
public sealed record ScenarioStep(TimeSpan At, ScenarioAction Action, int Target = 0, int User = 1)
{
    /// <summary>
    /// Does the step. Returns false when the panel has no such zone, partition or output (a scenario written for a
    /// bigger panel runs on a smaller one by skipping those steps).
    /// </summary>
    public bool ApplyTo(SimulatedPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        try
        {
            Apply(panel);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private void Apply(SimulatedPanel panel)
    {
        switch (Action)
        {
            case ScenarioAction.ViolateZone: panel.ViolateZone(Target); break;
            case ScenarioAction.RestoreZone: panel.RestoreZone(Target); break;
            case ScenarioAction.TamperZone: panel.TamperZone(Target); break;
            case ScenarioAction.RestoreTamper: panel.RestoreTamper(Target); break;
            case ScenarioAction.BypassZone: panel.BypassZone(Target, User); break;
            case ScenarioAction.UnbypassZone: panel.UnbypassZone(Target, User); break;
            case ScenarioAction.ArmPartition: panel.Arm(Target, User); break;
            case ScenarioAction.ForceArmPartition: panel.Arm(Target, User, force: true); break;
            case ScenarioAction.DisarmPartition: panel.Disarm(Target, User); break;
            case ScenarioAction.ClearAlarm: panel.ClearAlarm(Target, User); break;
            case ScenarioAction.AcLoss: panel.AcLoss(); break;
            case ScenarioAction.AcRestore: panel.AcRestore(); break;
            case ScenarioAction.OutputOn: panel.SetOutput(Target, true); break;
            case ScenarioAction.OutputOff: panel.SetOutput(Target, false); break;
        }
    }
}
