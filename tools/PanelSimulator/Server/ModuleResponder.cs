using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// The module's answer to each request (PROTOCOL.md §2): reads go to the panel, version and "new data" questions are
/// the module's own, control commands are answered with the panel's 0xEF result. Null means no answer, as for a
/// temperature read of a zone that has no temperature, or commands the module's capabilities rule out.
/// </summary>
internal sealed class ModuleResponder(SimulatedPanel panel, SimulatorOptions options, NewDataFlags flags)
{
    private ModuleVersionAnswer Module => options.ModuleVersion;

    /// <summary>The commands the client asked to be pushed on change (automatic mode), or null.</summary>
    public StateCommandSet? PushOnChange { get; private set; }

    /// <summary>The commands the client asked to be pushed with every change of any data, or null.</summary>
    public StateCommandSet? PushAlways { get; private set; }

    /// <summary>The answer to <paramref name="request"/>, or null for none.</summary>
    public SatelAnswer? Answer(SatelRequest request) => request switch
    {
        ReadState r => ReadState(r),
        ReadModuleVersion => Module,
        ReadPanelVersion => panel.Version,
        ReadZoneTemperature => null,
        PollNewData r => new NewDataAnswer(flags.Flags(panel, NewDataWidth(r.ExtraBytes), PushOnChange)),
        SetAutomaticMode r => SetAutomaticMode(r),
        ReadEvent r => panel.ReadEvent(r.Index),
        ReadEventText r => SimulatedPanel.ReadEventText(r.Code, r.Restore, r.Long),
        ReadDeviceName r => (SatelAnswer?)panel.ReadDeviceName(r.Kind, r.Number) ?? new ResultAnswer(ResultCode.OtherError),
        _ => new ResultAnswer(panel.Control(request)),
    };

    /// <summary>A state answer as the module pushes it: 32-byte lists when the module serves them (PROTOCOL.md §2.2 [I]).</summary>
    public SatelAnswer Push(StateCommand command) => panel.ReadState(command, Module.Serves32ByteLists);

    private SatelAnswer? ReadState(ReadState r)
    {
        if (r.State >= StateCommand.TroublesPart8 && !Module.ServesTroublesPart8)
            return null; // "only modules with 0x7C bit1 = 1; others do not reply"
        var version = panel.VersionOf(r.State);
        var answer = panel.ReadState(r.State, r.Extended && Module.Serves32ByteLists);
        flags.MarkRead(r.State, version);
        return answer;
    }

    // 5 bytes, 6 with one extra byte, 7 with two on modules serving troubles part 8.
    private int NewDataWidth(int extraBytes) => 5 + Math.Min(extraBytes, Module.ServesTroublesPart8 ? 2 : 1);

    private SatelAnswer? SetAutomaticMode(SetAutomaticMode r)
    {
        if (r.OnChange.Width == 7 && !Module.ServesTroublesPart8)
            return null;
        var stop = !r.OnChange.Commands.Any() && !r.OnEveryReception.Commands.Any();
        PushOnChange = stop ? null : r.OnChange;
        PushAlways = stop ? null : r.OnEveryReception;
        return new ResultAnswer(ResultCode.CommandAccepted);
    }
}
