using EventStore;
using Messaging;
using Messaging.Hosting;

namespace Host.Infrastructure;

internal static class MessagingModule
{
    /// <summary>
    /// The message bus, and with a broker configured (ConnectionStrings:RabbitMq, or its _FILE) the outbox relay,
    /// consumers and dead-letter sweeps. Without one the bus still writes the outbox: nothing is lost, it waits.
    /// </summary>
    public static IServiceCollection AddMessagingModule(this IServiceCollection services, IConfiguration configuration)
    {
        var rabbit = Secrets.Read(configuration, "ConnectionStrings:RabbitMq");
        var schema = configuration["EventStore:Schema"] ?? "eventstore";
        var messaging = new MessagingOptions { Exchange = configuration["Messaging:Exchange"] ?? "alarm-monitoring" };
        messaging.Outbox.Schema = schema;
        var host = new MessagingHostOptions { UseBroker = rabbit is not null };
        host.RabbitMq.Uri = rabbit ?? "amqp://localhost/";
        host.RabbitMq.ClientName = "host";
        services.AddMessaging(messaging, host, (_, _) => { });
        return services;
    }
}
