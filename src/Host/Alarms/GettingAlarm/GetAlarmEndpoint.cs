using System.Text.Json;
using Domain.Alarms;
using EventStore;
using Host.Infrastructure;
using Host.Panels;

namespace Host.Alarms.GettingAlarm;

/// <summary>One fact of the alarm's stream: its stored type name, when it was appended, by whom, and its data.</summary>
public sealed record AlarmHistoryEntry(long Version, string Type, DateTimeOffset At, string? UserId, JsonElement Data);

public sealed record AlarmResponse(
    string Id,
    string SiteId,
    string PanelId,
    string Kind,
    string Priority,
    int? Partition,
    int? Zone,
    string Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset AcknowledgementDue,
    string? AcknowledgedBy,
    bool Escalated,
    int Repeats,
    IReadOnlyList<string> Dispatches,
    string? Outcome,
    IReadOnlyList<AlarmHistoryEntry> History,
    long Version);

internal static class GetAlarmEndpoint
{
    /// <summary>
    /// <c>GET /api/alarms/{id}</c>: the alarm and its history, folded from one read of its stream so that both are of
    /// the same version (the ETag). 404 for another tenant's alarm.
    /// </summary>
    public static void MapGetAlarm(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/alarms/{id}", async (string id, HttpContext http, PostgresEventStore store, CommandExecutor commands, CancellationToken ct) =>
        {
            var state = AlarmState.Initial;
            var history = new List<AlarmHistoryEntry>();
            var version = 0L;
            await foreach (var e in store.ReadStreamAsync(id, ct: ct))
            {
                if (e.Data is AlarmEvent alarmEvent) state = AlarmState.Evolve(state, alarmEvent);
                using var json = JsonDocument.Parse(e.Json);
                history.Add(new AlarmHistoryEntry(e.StreamVersion, e.EventType, e.Timestamp, e.Metadata.UserId, json.RootElement.Clone()));
                version = e.StreamVersion;
            }
            if (state.Status == AlarmStatus.NotRaised || !await commands.IsSiteOfCallerAsync(state.SiteId, RequestContext.From(http), ct))
                throw new NotFoundException($"Alarm {id}");
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Ok(new AlarmResponse(id, state.SiteId, state.PanelId, state.Kind.ToString(), state.Priority.ToString(), state.Partition, state.Zone,
                state.Status.ToString(), state.RaisedAt, state.AcknowledgementDue, state.AcknowledgedBy, state.Escalated, state.Repeats,
                [.. state.Dispatches.Order().Select(d => d.ToString())], state.Outcome?.ToString(), history, version));
        }).RequireAuthorization(Auth.CanRead);
}
