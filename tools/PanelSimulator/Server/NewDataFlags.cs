using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// The module's "new data" flags (0x7F poll): a command is flagged while the panel's data for it changed since a
/// client last read it. Kept per module, not per connection, since the module keeps them across clients; all are
/// flagged at start, as the module knows nothing of what a new client has seen.
/// </summary>
internal sealed class NewDataFlags
{
    private readonly Lock gate = new();
    private readonly long[] seen = Enumerable.Repeat(-1L, StateCommands.Last + 1).ToArray();

    /// <summary>Notes that a client read <paramref name="command"/> at <paramref name="version"/>.</summary>
    public void MarkRead(StateCommand command, long version)
    {
        lock (gate)
            seen[(int)command] = version;
    }

    /// <summary>The flagged commands among the first <paramref name="width"/>×8, leaving out those pushed automatically.</summary>
    public StateCommandSet Flags(SimulatedPanel panel, int width, StateCommandSet? pushed)
    {
        var flagged = new List<StateCommand>();
        lock (gate)
        {
            for (var c = 0; c < Math.Min(width * 8, seen.Length); c++)
            {
                var command = (StateCommand)c;
                if (panel.VersionOf(command) != seen[c] && pushed?.Contains(command) != true)
                    flagged.Add(command);
            }
        }
        return StateCommandSet.Of(width, flagged);
    }
}
