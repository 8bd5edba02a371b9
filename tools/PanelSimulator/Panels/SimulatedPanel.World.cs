using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

// The physical world acting on the panel: detectors, tamper switches, mains power. Each returns whether it changed
// anything; a repeated action (violating a zone already violated) logs nothing, as a panel would.
public sealed partial class SimulatedPanel
{
    private readonly PanelState state = new();

    /// <summary>A detector sees movement: zone violation (99); a burglary alarm (130) if its partition is armed.</summary>
    public bool ViolateZone(int zone)
    {
        lock (gate)
        {
            var partition = ZoneOrThrow(zone).Partition;
            if (state.Violated[zone])
                return false;
            state.Violated[zone] = true;
            Record(99, false, PanelEventClass.ZoneAlarms, partition, zone);
            if (state.Armed[partition] && !state.Bypassed[zone] && !state.Isolated[zone])
            {
                state.ZoneAlarm[zone] = state.ZoneAlarmMemory[zone] = true;
                state.PartitionAlarm[partition] = state.PartitionAlarmMemory[partition] = true;
                Record(130, false, PanelEventClass.ZoneAlarms, partition, zone);
                Touch(StateCommand.ZonesViolation, StateCommand.PartitionsWithViolatedZones, StateCommand.ZonesAlarm,
                    StateCommand.ZonesAlarmMemory, StateCommand.PartitionsAlarm, StateCommand.PartitionsAlarmMemory);
            }
            else
            {
                Touch(StateCommand.ZonesViolation, StateCommand.PartitionsWithViolatedZones);
            }
            return true;
        }
    }

    /// <summary>The detector is quiet again: zone restore (99 R). An alarm it raised stays until cleared.</summary>
    public bool RestoreZone(int zone)
    {
        lock (gate)
        {
            var partition = ZoneOrThrow(zone).Partition;
            if (!state.Violated[zone])
                return false;
            state.Violated[zone] = false;
            Record(99, true, PanelEventClass.ZoneAlarms, partition, zone);
            Touch(StateCommand.ZonesViolation, StateCommand.PartitionsWithViolatedZones);
            return true;
        }
    }

    /// <summary>A detector's tamper opens: a zone tamper alarm (144), armed or not (tamper is 24-hour).</summary>
    public bool TamperZone(int zone)
    {
        lock (gate)
        {
            var partition = ZoneOrThrow(zone).Partition;
            if (state.Tamper[zone])
                return false;
            state.Tamper[zone] = state.ZoneTamperAlarm[zone] = state.ZoneTamperAlarmMemory[zone] = true;
            state.PartitionAlarm[partition] = state.PartitionAlarmMemory[partition] = true;
            Record(144, false, PanelEventClass.ZoneAlarms, partition, zone);
            Touch(StateCommand.ZonesTamper, StateCommand.ZonesTamperAlarm, StateCommand.ZonesTamperAlarmMemory,
                StateCommand.PartitionsAlarm, StateCommand.PartitionsAlarmMemory);
            return true;
        }
    }

    /// <summary>The tamper closes: zone tamper restore (144 R). The alarm stays until cleared.</summary>
    public bool RestoreTamper(int zone)
    {
        lock (gate)
        {
            var partition = ZoneOrThrow(zone).Partition;
            if (!state.Tamper[zone])
                return false;
            state.Tamper[zone] = false;
            Record(144, true, PanelEventClass.ZoneAlarms, partition, zone);
            Touch(StateCommand.ZonesTamper);
            return true;
        }
    }

    /// <summary>Mains power fails: AC supply trouble (301).</summary>
    public bool AcLoss() => SetAcTrouble(true);

    /// <summary>Mains power returns: AC supply trouble restore (301 R). The trouble memory stays until cleared.</summary>
    public bool AcRestore() => SetAcTrouble(false);

    private bool SetAcTrouble(bool trouble)
    {
        lock (gate)
        {
            if (state.AcTrouble == trouble)
                return false;
            state.AcTrouble = trouble;
            state.AcTroubleMemory |= trouble;
            Record(301, !trouble, PanelEventClass.Troubles);
            Touch(StateCommand.TroublesPart1, StateCommand.TroublesMemoryPart1, StateCommand.ClockAndStatus);
            return true;
        }
    }

    /// <summary>Whether <paramref name="zone"/> is violated now.</summary>
    public bool IsViolated(int zone)
    {
        lock (gate)
            return state.Violated[zone];
    }

    /// <summary>Whether <paramref name="partition"/> is armed now.</summary>
    public bool IsArmed(int partition)
    {
        lock (gate)
            return state.Armed[partition];
    }

    /// <summary>Whether <paramref name="partition"/> is in alarm now.</summary>
    public bool IsInAlarm(int partition)
    {
        lock (gate)
            return state.PartitionAlarm[partition];
    }

    private ZoneDefinition ZoneOrThrow(int zone) =>
        zone is >= 1 and <= 256 && zones[zone] is { } z
            ? z
            : throw new ArgumentOutOfRangeException(nameof(zone), zone, $"Panel {Id} has no zone {zone}.");
}
