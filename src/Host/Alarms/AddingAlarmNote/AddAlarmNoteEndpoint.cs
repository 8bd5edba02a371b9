using Domain.Alarms;
using Host.Infrastructure;

namespace Host.Alarms.AddingAlarmNote;

/// <summary><paramref name="NoteId"/> may be chosen by the client so that a retried request adds the note once.</summary>
public sealed record AddAlarmNoteRequest(string Text, string? NoteId);

public sealed record AlarmNoteAddedResponse(string NoteId, long Version);

internal static class AddAlarmNoteEndpoint
{
    /// <summary><c>POST /api/alarms/{id}/notes</c>, If-Match optional: adds an operator's note; 201 with the note id and ETag.</summary>
    public static void MapAddAlarmNote(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/alarms/{id}/notes", async (string id, AddAlarmNoteRequest body, HttpContext http, CommandExecutor commands, TimeProvider clock, CancellationToken ct) =>
        {
            var noteId = string.IsNullOrWhiteSpace(body.NoteId) ? Guid.CreateVersion7().ToString() : body.NoteId;
            var command = new AddAlarmNote(id, noteId, RequestContext.From(http).UserId, body.Text ?? "", clock.GetUtcNow());
            var version = await commands.ExecuteOnOwnedAlarmAsync(id, http, command, ct);
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Created($"/api/alarms/{id}", new AlarmNoteAddedResponse(noteId, version));
        }).RequireOperator();
}
