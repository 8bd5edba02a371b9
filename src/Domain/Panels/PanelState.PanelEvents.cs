namespace Domain.Panels;

/// <summary>
/// How recorded panel events change partitions, zones and troubles. A kind that ends a condition (ZoneRestore,
/// Unbypass, TroubleRestore) and the restore flag on the starting kind mean the same thing: panels report both.
/// </summary>
public sealed partial record PanelState
{
    private static PanelState Fold(PanelState state, PanelEventRecorded e)
    {
        var s = state with
        {
            RecordedEvents = state.RecordedEvents.SetItem(e.EventLogIndex, new(e.PanelTime, e.EventCode, e.Restore)),
        };
        return e.Kind switch
        {
            PanelEventKind.Arm => s.WithPartition(e.Partition, p => p with { ArmState = PartitionArmState.Armed }),
            PanelEventKind.Disarm => s.WithPartition(e.Partition, p => p with { ArmState = PartitionArmState.Disarmed }),
            PanelEventKind.AlarmCleared => s.ClearAlarms(e.Partition),
            PanelEventKind.BurglaryAlarm or PanelEventKind.FireAlarm or PanelEventKind.Panic or PanelEventKind.Duress =>
                e.Restore ? s : s.Alarm(e),
            PanelEventKind.Tamper => e.Restore
                ? s.WithZone(e.Zone, e.Partition, z => z with { Tampered = false })
                : s.Alarm(e).WithZone(e.Zone, e.Partition, z => z with { Tampered = true }),
            PanelEventKind.ZoneViolation => s.WithZone(e.Zone, e.Partition, z => z with { Violated = !e.Restore }),
            PanelEventKind.ZoneRestore => s.WithZone(e.Zone, e.Partition, z => z with { Violated = false }),
            PanelEventKind.Bypass => s.WithZone(e.Zone, e.Partition, z => z with { Bypassed = !e.Restore }),
            PanelEventKind.Unbypass => s.WithZone(e.Zone, e.Partition, z => z with { Bypassed = false }),
            PanelEventKind.Trouble => e.Restore ? s.WithoutTrouble(e) : s.WithTrouble(e),
            PanelEventKind.TroubleRestore => s.WithoutTrouble(e),
            _ => s,
        };
    }

    /// <summary>A panel alarm: the partition is in alarm and the zone, if any, has alarm memory.</summary>
    private PanelState Alarm(PanelEventRecorded e) =>
        WithPartition(e.Partition, p => p with { InAlarm = true })
            .WithZone(e.Zone, e.Partition, z => z with { AlarmMemory = true });

    /// <summary>Clear alarm ends the partition's alarm and clears the alarm memory of its zones.</summary>
    private PanelState ClearAlarms(int? partition)
    {
        if (partition is not int number)
            return this;
        var zones = Zones;
        foreach (var (zone, status) in Zones)
            if (status.Partition == number && status.AlarmMemory)
                zones = zones.SetItem(zone, status with { AlarmMemory = false });
        return WithPartition(partition, p => p with { InAlarm = false }) with { Zones = zones };
    }

    private PanelState WithPartition(int? number, Func<PartitionStatus, PartitionStatus> change)
    {
        if (number is not int n)
            return this;
        var current = Partitions.GetValueOrDefault(n) ?? new PartitionStatus("", PartitionArmState.Unknown, false);
        return this with { Partitions = Partitions.SetItem(n, change(current)) };
    }

    private PanelState WithZone(int? number, int? partition, Func<ZoneStatus, ZoneStatus> change)
    {
        if (number is not int n)
            return this;
        var current = Zones.GetValueOrDefault(n) ?? new ZoneStatus("", partition ?? 0, false, false, false, false);
        return this with { Zones = Zones.SetItem(n, change(current)) };
    }

    /// <summary>A trouble reported again while it lasts keeps the time it started.</summary>
    private PanelState WithTrouble(PanelEventRecorded e) =>
        Troubles.Any(t => IsSameTrouble(t, e))
            ? this
            : this with { Troubles = Troubles.Add(new PanelTrouble(e.EventCode, e.Source, e.Description, e.PanelTime)) };

    private PanelState WithoutTrouble(PanelEventRecorded e) =>
        this with { Troubles = Troubles.RemoveAll(t => IsSameTrouble(t, e)) };

    private static bool IsSameTrouble(PanelTrouble trouble, PanelEventRecorded e) =>
        trouble.EventCode == e.EventCode && trouble.Source == e.Source;
}
