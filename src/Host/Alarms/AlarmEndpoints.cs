using Host.Alarms.AcknowledgingAlarm;
using Host.Alarms.AddingAlarmNote;
using Host.Alarms.DispatchingAlarm;
using Host.Alarms.GettingAlarm;
using Host.Alarms.ListingOpenAlarms;
using Host.Alarms.ResolvingAlarm;
using Host.Infrastructure;

namespace Host.Alarms;

internal static class AlarmEndpoints
{
    public static void MapAlarmEndpoints(this IEndpointRouteBuilder app)
    {
        var alarms = app.MapGroup("").AddEndpointFilter<StaleVersionFilter>();
        alarms.MapAcknowledgeAlarm();
        alarms.MapDispatchAlarm();
        alarms.MapAddAlarmNote();
        alarms.MapResolveAlarm();
        alarms.MapGetAlarm();
        alarms.MapListOpenAlarms();
    }
}
