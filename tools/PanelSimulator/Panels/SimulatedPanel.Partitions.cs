using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

// Arming, disarming and clearing alarms, by a user, whether at a keypad (the public methods) or through the
// module (control commands, which first find the user by code).
public sealed partial class SimulatedPanel
{
    /// <summary>
    /// User <paramref name="user"/> arms <paramref name="partition"/> in <paramref name="mode"/> (0..3), forcibly if
    /// <paramref name="force"/>. Returns the manual's 0x80/0xA0 result: ok, 0x11 when a violated zone prevents
    /// arming but force arm would work, 0x12 when a tamper, an alarm or missing rights prevent it.
    /// </summary>
    public ResultCode Arm(int partition, int user = 1, int mode = 0, bool force = false) =>
        Arm([partition], UserOrThrow(user), mode, force);

    /// <summary>User <paramref name="user"/> disarms <paramref name="partition"/> (disarming also clears its alarm).</summary>
    public ResultCode Disarm(int partition, int user = 1) => Disarm([partition], UserOrThrow(user));

    /// <summary>User <paramref name="user"/> clears the alarm of <paramref name="partition"/> (406).</summary>
    public ResultCode ClearAlarm(int partition, int user = 1) => ClearAlarm([partition], UserOrThrow(user));

    private ResultCode Arm(IReadOnlyCollection<int> requested, UserDefinition user, int mode, bool force)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)mode, 3u, nameof(mode));
        lock (gate)
        {
            var refusal = ResultCode.Ok;
            foreach (var p in requested)
            {
                var result = CanArm(p, user, force);
                if (result == ResultCode.CannotArm)
                    return result;
                if (result != ResultCode.Ok)
                    refusal = result;
            }
            if (refusal != ResultCode.Ok)
                return refusal;
            var armedAny = false;
            foreach (var p in requested.Where(p => !state.Armed[p]))
            {
                state.Armed[p] = true;
                state.ArmedMode1[p] = mode == 1;
                state.ArmedMode2[p] = mode == 2;
                state.ArmedMode3[p] = mode == 3;
                // 401 R "Arm by user"; a forced arm is logged as 1001 "Forced arming" instead.
                if (force)
                    Record(1001, false, PanelEventClass.Arming, p, user: user.Number);
                else
                    Record(401, true, PanelEventClass.Arming, p, user: user.Number);
                armedAny = true;
            }
            if (armedAny)
                Touch(StateCommand.ArmedPartitionsSuppressed, StateCommand.ArmedPartitionsReally,
                    StateCommand.PartitionsArmedInMode1, StateCommand.PartitionsArmedInMode2, StateCommand.PartitionsArmedInMode3);
            return ResultCode.Ok;
        }
    }

    // Under the lock. An armed partition is already satisfied; a tamper or an alarm needs attention first; a
    // violated zone that is not bypassed can be overridden by force arming.
    private ResultCode CanArm(int partition, UserDefinition user, bool force)
    {
        if (!IsPartition(partition) || !user.MayOperate(partition))
            return ResultCode.CannotArm;
        if (state.Armed[partition])
            return ResultCode.Ok;
        if (state.PartitionAlarm[partition] || ZonesOf(partition).Any(z => state.Tamper[z]))
            return ResultCode.CannotArm;
        if (!force && ZonesOf(partition).Any(z => state.Violated[z] && !state.Bypassed[z] && !state.Isolated[z]))
            return ResultCode.CannotArmButCanForceArm;
        return ResultCode.Ok;
    }

    private ResultCode Disarm(IReadOnlyCollection<int> requested, UserDefinition user)
    {
        lock (gate)
        {
            if (requested.Any(p => !IsPartition(p) || !user.MayOperate(p)))
                return ResultCode.NoAccess;
            foreach (var p in requested.Where(p => state.Armed[p]))
            {
                state.Armed[p] = state.ArmedMode1[p] = state.ArmedMode2[p] = state.ArmedMode3[p] = false;
                Record(401, false, PanelEventClass.Arming, p, user: user.Number);
                Touch(StateCommand.ArmedPartitionsSuppressed, StateCommand.ArmedPartitionsReally,
                    StateCommand.PartitionsArmedInMode1, StateCommand.PartitionsArmedInMode2, StateCommand.PartitionsArmedInMode3);
            }
            ClearAlarmsUnderLock(requested, user);
            // Disarm and clear alarm have no result of their own: "can be checked by observing the system state".
            return ResultCode.CommandAccepted;
        }
    }

    private ResultCode ClearAlarm(IReadOnlyCollection<int> requested, UserDefinition user)
    {
        lock (gate)
        {
            if (requested.Any(p => !IsPartition(p) || !user.MayOperate(p)))
                return ResultCode.NoAccess;
            ClearAlarmsUnderLock(requested, user);
            return ResultCode.CommandAccepted;
        }
    }

    private void ClearAlarmsUnderLock(IEnumerable<int> requested, UserDefinition user)
    {
        foreach (var p in requested.Where(p => state.PartitionAlarm[p] || state.PartitionAlarmMemory[p]))
        {
            var wasInAlarm = state.PartitionAlarm[p];
            state.PartitionAlarm[p] = state.PartitionAlarmMemory[p] = false;
            foreach (var z in ZonesOf(p))
                state.ZoneAlarm[z] = state.ZoneTamperAlarm[z] = state.ZoneAlarmMemory[z] = state.ZoneTamperAlarmMemory[z] = false;
            if (wasInAlarm)
                Record(406, false, PanelEventClass.Arming, p, user: user.Number);
            Touch(StateCommand.PartitionsAlarm, StateCommand.PartitionsAlarmMemory, StateCommand.ZonesAlarm,
                StateCommand.ZonesTamperAlarm, StateCommand.ZonesAlarmMemory, StateCommand.ZonesTamperAlarmMemory);
        }
    }

    private bool IsPartition(int partition) => partition is >= 1 and <= 32 && partitions[partition] is not null;

    private IEnumerable<int> ZonesOf(int partition) =>
        Definition.Zones.Where(z => z.Partition == partition).Select(z => z.Number);

    private UserDefinition UserOrThrow(int user) =>
        Definition.Users.FirstOrDefault(u => u.Number == user)
        ?? throw new ArgumentOutOfRangeException(nameof(user), user, $"Panel {Id} has no user {user}.");
}
