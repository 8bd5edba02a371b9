using Domain.Alarms;
using EventStore;
using Host.Infrastructure;
using Host.Panels;

namespace Host.Alarms;

/// <summary>What the alarm slices share: the stream type, and the tenant check every alarm request makes.</summary>
internal static class AlarmStreams
{
    public const string StreamType = "alarm";

    /// <summary>
    /// The raised alarm, if its site belongs to the caller's tenant; otherwise not found, so that another tenant's
    /// alarm is not disclosed. An alarm never changes site, so the check holds for a write decided afterwards.
    /// </summary>
    public static async Task<Aggregate<AlarmState>> LoadOwnedAlarmAsync(this CommandExecutor commands, string alarmId, RequestContext request, CancellationToken ct)
    {
        var alarm = await commands.LoadAsync<AlarmState, AlarmEvent>(alarmId, AlarmState.Initial, AlarmState.Evolve, ct);
        return alarm is { State.Status: not AlarmStatus.NotRaised } && await commands.IsSiteOfCallerAsync(alarm.State.SiteId, request, ct)
            ? alarm
            : throw new NotFoundException($"Alarm {alarmId}");
    }

    /// <summary>The one path of every alarm command: tenant check, then fetch → decide → append honouring If-Match.</summary>
    public static async Task<long> ExecuteOnOwnedAlarmAsync(this CommandExecutor commands, string alarmId, HttpContext http, AlarmCommand command, CancellationToken ct)
    {
        var request = RequestContext.From(http);
        var ifMatch = Etags.IfMatch(http.Request);
        var alarm = await commands.LoadOwnedAlarmAsync(alarmId, request, ct);
        return await commands.ExecuteAsync<AlarmState, AlarmEvent>(alarmId, StreamType, ifMatch, AlarmState.Initial, AlarmState.Evolve,
            state => AlarmDecider.Decide(command, state), request.Metadata, ct, loaded: alarm);
    }

    /// <summary>Alarm writes are the operators' (and supervisors' and admins') work, for their own tenant.</summary>
    public static RouteHandlerBuilder RequireOperator(this RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(Auth.CanOperate);
}
