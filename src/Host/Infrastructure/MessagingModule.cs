using Contracts;
using EventStore;
using Host.Alarms.Escalating;
using Host.Alarms.RaisingAlarms;
using Messaging;
using Messaging.Hosting;

namespace Host.Infrastructure;

internal static class MessagingModule
{
    /// <summary>The queue the Host consumes by default (Messaging:Queue): what the ingest reports, and the Host's own scheduled messages.</summary>
    public const string DefaultQueue = "host";

    /// <summary>
    /// The message bus with the Host's handlers (found by convention in this assembly), and with a broker configured
    /// (ConnectionStrings:RabbitMq, or its _FILE) the outbox relay, the consumer of the Host's queue and
    /// dead-letter sweeps. Without one the bus still writes the outbox: nothing is lost, it waits.
    /// </summary>
    public static IServiceCollection AddMessagingModule(this IServiceCollection services, IConfiguration configuration)
    {
        // Before messaging's hosted service: the Host's tables exist before the first message is handled.
        services.AddHostedService<HostSchema>();
        services.AddSingleton(AlarmPolicyOptions.From(configuration));

        var rabbit = Secrets.Read(configuration, "ConnectionStrings:RabbitMq");
        var schema = configuration["EventStore:Schema"] ?? "eventstore";
        var messaging = new MessagingOptions { Exchange = configuration["Messaging:Exchange"] ?? "alarm-monitoring" };
        messaging.Outbox.Schema = schema;
        foreach (var (type, name) in MessageNames.All) messaging.Messages.Register(type, name);
        messaging.Messages.Register<AlarmAcknowledgementDue>(AlarmAcknowledgementDue.MessageName);

        var host = new MessagingHostOptions { UseBroker = rabbit is not null };
        host.RabbitMq.Uri = rabbit ?? "amqp://localhost/";
        host.RabbitMq.ClientName = "host";
        // Panels are handled one at a time each (keyed lanes), many panels at once: more workers, more panels in flight.
        if (int.TryParse(configuration["Messaging:ConsumerConcurrency"], out var workers)) host.RabbitMq.ConsumerConcurrency = workers;
        if (ushort.TryParse(configuration["Messaging:Prefetch"], out var prefetch)) host.RabbitMq.Prefetch = prefetch;
        host.Queues[configuration["Messaging:Queue"] ?? DefaultQueue] = [.. MessageNames.FromIngest, AlarmAcknowledgementDue.MessageName];
        services.AddMessaging(messaging, host, (handlers, _) => handlers.Discover(typeof(MessagingModule).Assembly));
        return services;
    }
}
