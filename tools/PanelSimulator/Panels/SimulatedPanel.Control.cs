using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

// Control commands (the manual's Part 2) as the module hands them to the panel: find the user by code, then act.
public sealed partial class SimulatedPanel
{
    /// <summary>
    /// Carries out a control command and returns the 0xEF result: 0x01 for an unknown code; arming answers ok, 0x11
    /// or 0x12; commands the manual says to check "by observing the system state" answer 0xFF (accepted).
    /// </summary>
    public ResultCode Control(SatelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request switch
        {
            ControlPartitions r => r.Code,
            ControlZones r => r.Code,
            ControlOutputs r => r.Code,
            OpenDoor r => r.Code,
            ClearTroubleMemory r => r.Code,
            EnterFirstCode r => r.Code,
            SetClock r => r.Code,
            _ => throw new ArgumentException($"{request.GetType().Name} is not a control command.", nameof(request)),
        };
        if (Definition.Users.FirstOrDefault(u => u.Code == code.Digits) is not { } user)
            return ResultCode.UserCodeNotFound;
        switch (request)
        {
            case ControlPartitions r:
                return Partitions(r, user);
            case ControlZones { Action: ZoneControl.Isolate } r:
                SetIsolation(r.Zones, user);
                return ResultCode.CommandAccepted;
            case ControlZones r:
                SetBypass(r.Zones, user, r.Action == ZoneControl.Bypass);
                return ResultCode.CommandAccepted;
            case ControlOutputs r:
                SwitchOutputs(r.Action, r.Outputs);
                return ResultCode.CommandAccepted;
            case ClearTroubleMemory:
                ClearTroubleMemoryUnderLock();
                return ResultCode.CommandAccepted;
            case SetClock r:
                SetPanelClock(r.Time, user);
                return ResultCode.Ok;
            default:
                // Doors and two-code arming are accepted and have no effect the simulator models.
                return ResultCode.CommandAccepted;
        }
    }

    private ResultCode Partitions(ControlPartitions r, UserDefinition user)
    {
        var requested = r.Partitions.ToArray();
        return r.Action switch
        {
            PartitionControl.Disarm => Disarm(requested, user),
            PartitionControl.ClearAlarm => ClearAlarm(requested, user),
            >= PartitionControl.ForceArmMode0 => Arm(requested, user, r.Action - PartitionControl.ForceArmMode0, force: true),
            _ => Arm(requested, user, r.Action - PartitionControl.ArmMode0, force: false),
        };
    }

    private void ClearTroubleMemoryUnderLock()
    {
        lock (gate)
        {
            state.AcTroubleMemory = state.AcTrouble;
            Touch(StateCommand.TroublesMemoryPart1, StateCommand.ClockAndStatus);
        }
    }

    // 0x8E moves the panel clock; the skew fault still applies on top. Logged as 625 "Setting system real-time clock".
    private void SetPanelClock(DateTime panelTime, UserDefinition user)
    {
        lock (gate)
        {
            clockAdjustment += panelTime - Clock();
            Record(625, false, PanelEventClass.SystemEvents, user: user.Number);
            Touch(StateCommand.ClockAndStatus);
        }
    }
}
