using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelSimulator;

// Bypasses and outputs, by a user.
public sealed partial class SimulatedPanel
{
    /// <summary>User <paramref name="user"/> bypasses <paramref name="zone"/> (570).</summary>
    public bool BypassZone(int zone, int user = 1) => SetBypass([zone], UserOrThrow(user), true) > 0;

    /// <summary>User <paramref name="user"/> removes the bypass of <paramref name="zone"/> (570 R).</summary>
    public bool UnbypassZone(int zone, int user = 1) => SetBypass([zone], UserOrThrow(user), false) > 0;

    /// <summary>Switches <paramref name="output"/> on or off. Outputs change state only; the log has no output events.</summary>
    public bool SetOutput(int output, bool on)
    {
        lock (gate)
        {
            if (Definition.Outputs.All(o => o.Number != output) || state.Outputs[output] == on)
                return false;
            state.Outputs[output] = on;
            Touch(StateCommand.OutputsState);
            return true;
        }
    }

    /// <summary>Whether <paramref name="output"/> is on now.</summary>
    public bool IsOutputOn(int output)
    {
        lock (gate)
            return state.Outputs[output];
    }

    /// <summary>Whether <paramref name="zone"/> is bypassed now.</summary>
    public bool IsBypassed(int zone)
    {
        lock (gate)
            return state.Bypassed[zone];
    }

    // Zones the user may not operate, or the panel does not have, are skipped, as a keypad would skip them.
    private int SetBypass(IEnumerable<int> requested, UserDefinition user, bool bypass)
    {
        lock (gate)
        {
            var changed = 0;
            foreach (var z in requested)
            {
                if (z is < 1 or > 256 || zones[z] is not { } zone || !user.MayOperate(zone.Partition) || state.Bypassed[z] == bypass)
                    continue;
                state.Bypassed[z] = bypass;
                Record(570, !bypass, PanelEventClass.Bypasses, zone.Partition, z);
                changed++;
            }
            if (changed > 0)
                Touch(StateCommand.ZonesBypass);
            return changed;
        }
    }

    private void SetIsolation(IEnumerable<int> requested, UserDefinition user)
    {
        lock (gate)
        {
            foreach (var z in requested)
                if (z is >= 1 and <= 256 && zones[z] is { } zone && user.MayOperate(zone.Partition))
                    state.Isolated[z] = true;
            Touch(StateCommand.ZonesIsolate);
        }
    }

    private void SwitchOutputs(OutputControl action, IEnumerable<int> requested)
    {
        lock (gate)
        {
            foreach (var o in requested.Where(o => Definition.Outputs.Any(d => d.Number == o)))
                state.Outputs[o] = action switch
                {
                    OutputControl.On => true,
                    OutputControl.Off => false,
                    _ => !state.Outputs[o],
                };
            Touch(StateCommand.OutputsState);
        }
    }
}
