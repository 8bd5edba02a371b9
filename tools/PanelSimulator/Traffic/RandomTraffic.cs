namespace PanelSimulator;

/// <summary>
/// Plausible random activity for one panel: mostly zones violating and restoring, some arming and disarming,
/// tampers and mains failures, each toggled so that what is violated gets restored later. Seeded, so a run can be
/// repeated exactly (given the same timing).
/// </summary>
public sealed class RandomTraffic(SimulatedPanel panel, double eventsPerSecond, int seed)
{
    private readonly Random random = new(seed);

    /// <summary>The panel acted upon.</summary>
    public SimulatedPanel Panel { get; } = panel;

    /// <summary>The average rate of actions (Poisson arrivals); most log one event, a few two.</summary>
    public double EventsPerSecond { get; } = eventsPerSecond > 0
        ? eventsPerSecond
        : throw new ArgumentOutOfRangeException(nameof(eventsPerSecond), eventsPerSecond, "The rate must be positive.");

    /// <summary>How long until the next action: exponentially distributed, so arrivals are a Poisson process.</summary>
    public TimeSpan NextGap() => TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) / EventsPerSecond);

    /// <summary>Does one random action.</summary>
    public void Act()
    {
        var definition = Panel.Definition;
        var roll = random.NextDouble();
        var zone = definition.Zones[random.Next(definition.Zones.Count)].Number;
        if (roll < 0.6)
        {
            if (!Panel.RestoreZone(zone))
                Panel.ViolateZone(zone);
        }
        else if (roll < 0.8)
        {
            ToggleArming(definition.Partitions[random.Next(definition.Partitions.Count)].Number);
        }
        else if (roll < 0.9)
        {
            if (!Panel.RestoreTamper(zone))
                Panel.TamperZone(zone);
        }
        else if (!Panel.AcRestore())
        {
            Panel.AcLoss();
        }
    }

    // Arm the way a user would: force arm past a violated zone, clear an alarm before trying again.
    private void ToggleArming(int partition)
    {
        var user = Panel.Definition.Users.FirstOrDefault(u => u.MayOperate(partition));
        if (user is null)
            return;
        if (Panel.IsArmed(partition))
        {
            Panel.Disarm(partition, user.Number);
            return;
        }
        switch (Panel.Arm(partition, user.Number))
        {
            case PanelIngest.Protocol.ResultCode.CannotArmButCanForceArm:
                Panel.Arm(partition, user.Number, force: true);
                break;
            case PanelIngest.Protocol.ResultCode.CannotArm:
                Panel.ClearAlarm(partition, user.Number);
                break;
        }
    }
}
