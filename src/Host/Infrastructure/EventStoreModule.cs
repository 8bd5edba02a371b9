using EventStore;
using EventStore.Hosting;

namespace Host.Infrastructure;

internal static class EventStoreModule
{
    /// <summary>
    /// The event store and the projection daemon. The connection string comes from configuration
    /// (ConnectionStrings:EventStore, or the ConnectionStrings__EventStore environment variable, or a file named by
    /// ConnectionStrings__EventStore_FILE for secrets).
    /// </summary>
    public static IServiceCollection AddEventStoreModule(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = Secrets.Read(configuration, "ConnectionStrings:EventStore")
            ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured.");
        var schema = configuration["EventStore:Schema"] ?? "eventstore";
        services.AddPostgresEventStore(connectionString, o =>
        {
            o.Schema = schema;
            foreach (var (type, name) in Domain.DomainEventTypes.All) o.Types.Register(type, name);
        });
        services.AddProjectionDaemon(global::Projections.ProjectionCatalogue.All());
        return services;
    }
}
