using Host.Infrastructure;
using Host.Reports.Alarms;
using Host.Reports.Arming;
using Host.Reports.Connectivity;
using Host.Reports.PanelCommands;
using Host.Reports.ResponseTimes;
using Host.Reports.Troubles;

namespace Host.Reports;

/// <summary>
/// The reports under <c>/api/reports</c> (docs/reports.md): read-only queries over the report read models, through
/// <see cref="Infrastructure.Replica.ReportDatabase"/>, for any reading role, always within the caller's tenant.
/// </summary>
internal static class ReportEndpoints
{
    public static void MapReportEndpoints(this WebApplication app)
    {
        var shifts = ShiftSchedule.From(app.Configuration); // validated at start-up, not on the first report
        var reports = app.MapGroup("/api/reports").RequireAuthorization(Auth.CanRead);
        reports.MapAlarmReport();
        reports.MapResponseTimeReport(shifts);
        reports.MapConnectivityReport();
        reports.MapConnectivityPeriodsReport();
        reports.MapArmingReport();
        reports.MapTroubleReport();
        reports.MapPanelCommandReport();
    }
}
