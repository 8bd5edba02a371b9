using Contracts;
using EventStore;
using EventStore.Hosting;
using Messaging;
using Messaging.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PanelIngest.Control;
using PanelIngest.Metrics;
using PanelIngest.Ownership;
using PanelIngest.Panels;
using PanelIngest.Secrets;
using PanelIngest.Storage;
using PanelIngest.Transport;

namespace PanelIngest.Hosting;

/// <summary>The ingest's composition: the store, messaging (relay, the control queue), ownership and panel sessions.</summary>
public static class IngestModule
{
    /// <summary>The queue the ingest consumes control requests from (Messaging:Queue), bound to <see cref="MessageNames.ToIngest"/>.</summary>
    public const string DefaultQueue = "panel-ingest";

    /// <summary>
    /// Registers everything from configuration: ConnectionStrings:EventStore (required), ConnectionStrings:RabbitMq
    /// (without it the outbox waits for a relay elsewhere and no control requests arrive), EventStore:Schema,
    /// Messaging:Exchange, Messaging:Queue and the Ingest section (<see cref="IngestOptions"/>). Secrets may come from
    /// <c>_FILE</c> paths.
    /// </summary>
    public static IServiceCollection AddPanelIngest(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ConfigurationValues.IngestOptions(configuration);
        var connectionString = ConfigurationValues.Secret(configuration, "ConnectionStrings:EventStore")
            ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured.");
        services.AddPostgresEventStore(connectionString, o => o.Schema = options.Schema);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton(sp => new PositionStore(sp.GetRequiredService<NpgsqlDataSource>(), options.Schema));
        services.AddSingleton(sp => new PanelDirectoryReader(sp.GetRequiredService<NpgsqlDataSource>(), options.Schema));
        services.AddSingleton(sp => new LeaseStore(sp.GetRequiredService<NpgsqlDataSource>(), options.Schema));
        services.AddSingleton(sp => new SecretStore(sp.GetRequiredService<NpgsqlDataSource>(), options.Schema, options.MasterKey));
        services.AddSingleton(sp => new ControlRequestStore(sp.GetRequiredService<NpgsqlDataSource>(), options.Schema));
        services.AddSingleton(sp => new SessionServices(options, sp.GetRequiredService<MessageBus>(), sp.GetRequiredService<PositionStore>(),
            sp.GetRequiredService<SecretStore>(), sp.GetRequiredService<IngestMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<PanelSession>()));
        services.AddHostedService<IngestSchemaMigration>();

        var rabbit = ConfigurationValues.Secret(configuration, "ConnectionStrings:RabbitMq");
        var messaging = new MessagingOptions { Exchange = configuration["Messaging:Exchange"] ?? "alarm-monitoring" };
        messaging.Outbox.Schema = options.Schema;
        foreach (var (type, name) in MessageNames.All) messaging.Messages.Register(type, name);
        var host = new MessagingHostOptions { UseBroker = rabbit is not null };
        host.RabbitMq.Uri = rabbit ?? "amqp://localhost/";
        host.RabbitMq.ClientName = "panel-ingest";
        host.Queues[configuration["Messaging:Queue"] ?? DefaultQueue] = [.. MessageNames.ToIngest];
        services.AddMessaging(messaging, host, (handlers, _) => handlers.Discover(typeof(IngestModule).Assembly));

        services.AddSingleton<OwnershipCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<OwnershipCoordinator>());
        return services;
    }
}
