using EventStore;
using Messaging;
using Messaging.Outbox;

namespace Host.Messaging;

internal static class OutboxStatusEndpoint
{
    /// <summary><c>/api/outbox</c>: pending rows, age of the oldest, live relays (a backlog with no relay is an alarm).</summary>
    public static void MapOutboxStatusEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/outbox", async (PostgresEventStore store, MessageBus bus, CancellationToken ct) =>
            Results.Ok(await OutboxStats.ReadAsync(store.DataSource, bus.Options.Outbox, ct)));
}
