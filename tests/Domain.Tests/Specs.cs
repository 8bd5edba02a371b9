using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;

namespace Domain.Tests;

/// <summary>A fresh specification per stream type.</summary>
public static class Specs
{
    public static Spec<SiteState, SiteEvent, SiteCommand> Site => new(SiteState.Initial, SiteState.Evolve, SiteDecider.Decide);

    public static Spec<PanelState, PanelEvent, PanelCommand> Panel =>
        new(PanelState.Initial, PanelState.Evolve, PanelDecider.Decide);

    public static Spec<AlarmState, AlarmEvent, AlarmCommand> Alarm =>
        new(AlarmState.Initial, AlarmState.Evolve, AlarmDecider.Decide);
}
