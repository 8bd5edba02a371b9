using EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventStore.Hosting;

/// <summary>Registers the event store (and optionally the projection daemon) in a host.</summary>
public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="PostgresEventStore"/> over <paramref name="connectionString"/>, migrated at start-up.
    /// </summary>
    public static IServiceCollection AddPostgresEventStore(this IServiceCollection services, string connectionString, Action<EventStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new EventStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(WithRecommendedSettings(connectionString)));
        services.TryAddSingleton(sp => new PostgresEventStore(sp.GetRequiredService<NpgsqlDataSource>(), options));
        services.AddHostedService<EventStoreMigrationService>();
        return services;
    }

    /// <summary>
    /// Auto-prepare unless the connection string says otherwise: the store's statements repeat, and preparing them
    /// halves PostgreSQL's work per single-event append (measured in docs/benchmarks.md).
    /// </summary>
    public static string WithRecommendedSettings(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (csb.MaxAutoPrepare == 0)
        {
            csb.MaxAutoPrepare = 64;
            csb.AutoPrepareMinUsages = 2;
        }
        return csb.ConnectionString;
    }

    /// <summary>Runs <paramref name="projections"/> in this host (one runner per projection across all hosts).</summary>
    public static IServiceCollection AddProjectionDaemon(this IServiceCollection services, IEnumerable<Projection> projections, DaemonOptions? options = null)
    {
        var list = projections.ToArray();
        services.TryAddSingleton(sp => new ProjectionDaemon(sp.GetRequiredService<PostgresEventStore>(), list, options, sp.GetService<ILogger<ProjectionDaemon>>()));
        services.AddHostedService<ProjectionDaemonService>();
        return services;
    }
}

/// <summary>Migrates the schema before anything else starts (hosted services start in registration order).</summary>
internal sealed class EventStoreMigrationService(PostgresEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class ProjectionDaemonService(ProjectionDaemon daemon) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => daemon.StartAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => daemon.StopAsync();
}
