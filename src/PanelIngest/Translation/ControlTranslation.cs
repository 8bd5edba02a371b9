using Contracts;
using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Translation;

/// <summary>
/// An operator's control request as the panel command that carries it out (PROTOCOL.md §2.5): arm 0x80–0x83, force
/// arm 0xA0–0xA3, disarm 0x84, clear alarm 0x85, each with the user code and the 4-byte partition list; and the
/// module's 0xEF answer as the request's result.
/// </summary>
public static class ControlTranslation
{
    /// <summary>The request for <paramref name="control"/> with <paramref name="code"/>.</summary>
    /// <exception cref="ArgumentException">No partitions, or a partition outside 1..32.</exception>
    public static ControlPartitions ToRequest(ExecutePanelControl control, UserCode code)
    {
        if (control.Partitions.Count == 0) throw new ArgumentException("A control request names at least one partition.");
        var mode = (int)(control.Mode ?? ArmMode.Full);
        var action = control.Action switch
        {
            PanelControlAction.Arm => (PartitionControl)((int)PartitionControl.ArmMode0 + mode),
            PanelControlAction.ForceArm => (PartitionControl)((int)PartitionControl.ForceArmMode0 + mode),
            PanelControlAction.Disarm => PartitionControl.Disarm,
            PanelControlAction.ClearAlarm => PartitionControl.ClearAlarm,
            _ => throw new ArgumentException($"Unknown control action {control.Action}."),
        };
        return new ControlPartitions(action, code, ObjectSet.Of(4, control.Partitions));
    }

    /// <summary>The result of the module's answer to a control command: 0x00 or 0xFF accepted, any other code refused with its meaning.</summary>
    public static (PanelControlResult Result, string? Reason) FromAnswer(SatelAnswer answer) => answer switch
    {
        ResultAnswer { IsSuccess: true } => (PanelControlResult.Accepted, null),
        ResultAnswer refused => (PanelControlResult.Refused, refused.Meaning),
        _ => (PanelControlResult.Refused, $"unexpected answer 0x{answer.Command:X2}"),
    };
}
