using EventStore.Projections;
using Projections.Alarms;

namespace Projections;

/// <summary>The read models of the system: the Host turns them on (the daemon runs each on one host at a time).</summary>
public static class ProjectionCatalogue
{
    public static IReadOnlyList<Projection> All() => [new OpenAlarmsProjection(), new Panels.PanelDirectoryProjection(),
        // Report read models (docs/reports.md)
        new Reports.AlarmHistoryProjection(), new Reports.OperatorResponseTimesProjection(), new Reports.PanelConnectivityProjection(),
        new Reports.ArmingLogProjection(), new Reports.PanelTroublesProjection(), new Reports.PanelCommandsProjection()];
}
