using Domain;
using EventStore;
using Host.Metrics;

namespace Host.Infrastructure;

/// <summary>The one fetch → decide → append path every command endpoint uses.</summary>
internal sealed class CommandExecutor(PostgresEventStore store, HostMetrics metrics)
{
    /// <summary>
    /// Site id → tenant, for the tenant check every panel and alarm request makes. A site's tenant is fixed when it is
    /// registered and never changes, so a remembered answer never goes stale; only registered sites are remembered.
    /// </summary>
    internal SiteTenantCache SiteTenants { get; } = new();

    private const int MaxAttempts = 5;

    /// <summary>
    /// Folds the stream, checks If-Match, decides, appends expecting the loaded version. With If-Match a concurrent
    /// change is the client's conflict (412); without, the command is decided again on the new state.
    /// </summary>
    /// <param name="loaded">The stream as the caller just read it (for a tenant check): decided on at the first attempt, saving a read.</param>
    /// <returns>The stream's version after the command (unchanged when it was already satisfied).</returns>
    public async Task<long> ExecuteAsync<TState, TEvent>(string streamId, string streamType, long? ifMatch, TState initial,
        Func<TState, TEvent, TState> evolve, Func<TState, IReadOnlyList<TEvent>> decide, EventMetadata metadata, CancellationToken ct,
        Aggregate<TState>? loaded = null)
        where TEvent : notnull
    {
        var outcome = "failed";
        try
        {
            var (version, appended) = await RunAsync(streamId, streamType, ifMatch, initial, evolve, decide, metadata, loaded, ct);
            outcome = "ok";
            if (appended > 0) metrics.EventsAppended.Add(appended, new KeyValuePair<string, object?>("stream_type", streamType));
            return version;
        }
        catch (DomainException)
        {
            outcome = "refused";
            throw;
        }
        catch (PreconditionFailedException)
        {
            outcome = "stale";
            throw;
        }
        finally
        {
            metrics.Commands.Add(1, new KeyValuePair<string, object?>("stream_type", streamType), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<(long Version, int Appended)> RunAsync<TState, TEvent>(string streamId, string streamType, long? ifMatch, TState initial,
        Func<TState, TEvent, TState> evolve, Func<TState, IReadOnlyList<TEvent>> decide, EventMetadata metadata, Aggregate<TState>? loaded, CancellationToken ct)
        where TEvent : notnull
    {
        for (var attempt = 1; ; attempt++)
        {
            // A stale preload is harmless: the append expects its version, and a conflict reads again.
            var current = attempt == 1 && loaded is not null
                ? loaded
                : await store.AggregateAsync(streamId, initial, (s, e) => e is TEvent te ? evolve(s, te) : s, ct: ct);
            if (ifMatch is { } expected && expected != current.Version) throw new PreconditionFailedException(streamId, expected, current.Version);
            var events = decide(current.State);
            if (events.Count == 0) return (current.Version, 0);
            try
            {
                var result = await store.AppendAsync(streamId, streamType,
                    current.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(current.Version),
                    events.Select(e => new NewEvent(e, metadata)).ToArray(), ct);
                return (result.Single.Version, events.Count);
            }
            catch (WrongExpectedVersionException e) when (ifMatch is null && attempt < MaxAttempts)
            {
                _ = e; // someone else changed it meanwhile: decide again on the new state
            }
            catch (WrongExpectedVersionException e) when (ifMatch is not null)
            {
                throw new PreconditionFailedException(streamId, ifMatch.Value, e.Actual);
            }
        }
    }

    /// <summary>The stream's state and version; null when it has no events.</summary>
    public async Task<Aggregate<TState>?> LoadAsync<TState, TEvent>(string streamId, TState initial, Func<TState, TEvent, TState> evolve, CancellationToken ct)
    {
        var current = await store.AggregateAsync(streamId, initial, (s, e) => e is TEvent te ? evolve(s, te) : s, ct: ct);
        return current.Version == 0 ? null : current;
    }
}
