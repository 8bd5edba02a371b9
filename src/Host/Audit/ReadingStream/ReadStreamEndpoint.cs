using System.Text.Json;
using EventStore;
using Host.Infrastructure;

namespace Host.Audit.ReadingStream;

/// <summary>An event's metadata as stored: which conversation and request it came from, who acted, for which tenant.</summary>
public sealed record StoredEventMetadata(string? CorrelationId, string? CausationId, string? UserId, string? Tenant, IReadOnlyDictionary<string, string>? Headers);

/// <summary>One stored event: <c>Type</c> is the pinned name it was stored under, <c>Data</c> its JSON as stored (never upcast).</summary>
public sealed record StoredEventResponse(long Position, long Version, string Type, Guid EventId, DateTimeOffset Timestamp, JsonElement Data, StoredEventMetadata Metadata);

/// <summary>A page of a stream; <c>NextFromVersion</c> is where the next page starts, null at the end.</summary>
public sealed record StreamPageResponse(string StreamId, string StreamType, long Version, long FromVersion, long? NextFromVersion, IReadOnlyList<StoredEventResponse> Events);

internal static class ReadStreamEndpoint
{
    private const int DefaultLimit = 100, MaxLimit = 1000;

    // Raw JSON only: no deserialising or upcasting, so the auditor sees what was written, also of archived streams
    // and of event types this build no longer knows.
    private static readonly ReadOptions AsStored = new(IncludeArchived: true, Deserialize: false);

    /// <summary>
    /// <c>GET /api/streams/{streamId}/events?fromVersion=1&amp;limit=100</c>: a site, panel or alarm stream of the
    /// caller's tenant as stored, paged by version, with the stream's version as ETag. Any other stream, another
    /// tenant's, or a deleted one is 404, so that its existence is not disclosed.
    /// </summary>
    public static void MapReadStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/streams/{streamId}/events", async (string streamId, long? fromVersion, int? limit, HttpContext http,
            PostgresEventStore store, CommandExecutor commands, CancellationToken ct) =>
        {
            var from = fromVersion ?? 1;
            var take = limit ?? DefaultLimit;
            if (from < 1) throw new ArgumentException($"fromVersion must be 1 or more, not {from}.");
            if (take is < 1 or > MaxLimit) throw new ArgumentException($"limit must be between 1 and {MaxLimit}, not {take}.");

            var stream = await store.GetStreamAsync(streamId, ct);
            if (stream is null || stream.Tombstoned || !await commands.IsStreamOfCallerAsync(stream, RequestContext.From(http), ct))
                throw new NotFoundException($"Stream {streamId}");

            var events = new List<StoredEventResponse>(Math.Min(take, 64));
            await foreach (var e in store.ReadStreamAsync(streamId, from, take, AsStored, ct))
                events.Add(ToResponse(e));
            // Appends may land between the two reads: never announce a version below an event we return.
            var version = Math.Max(stream.Version, events.Count == 0 ? 0 : events[^1].Version);
            long? next = events.Count == take && events[^1].Version < version ? events[^1].Version + 1 : null;
            http.Response.Headers.ETag = Etags.Of(version);
            return Results.Ok(new StreamPageResponse(streamId, stream.StreamType, version, from, next, events));
        }).RequireAuthorization(Auth.CanReadStreams);

    private static StoredEventResponse ToResponse(StoredEvent e)
    {
        using var json = JsonDocument.Parse(e.Json);
        var m = e.Metadata;
        return new StoredEventResponse(e.Position, e.StreamVersion, e.EventType, e.EventId, e.Timestamp, json.RootElement.Clone(),
            new StoredEventMetadata(m.CorrelationId, m.CausationId, m.UserId, m.Tenant, m.Headers));
    }
}
