using EventStore;
using Messaging.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Messaging.Hosting;

/// <summary>Registers the message bus and, as a hosted service, the relay, consumers and sweeps.</summary>
public static class MessagingServiceCollectionExtensions
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, MessagingOptions messaging, MessagingHostOptions host, Action<HandlerRegistry, IServiceProvider> handlers)
    {
        host.RabbitMq.Validate();
        services.AddSingleton(messaging);
        services.AddSingleton(host);
        services.AddSingleton(sp =>
        {
            var registry = new HandlerRegistry();
            handlers(registry, sp);
            return new MessageBus(sp.GetRequiredService<PostgresEventStore>(), registry, messaging, sp);
        });
        services.AddSingleton<MessagingStatus>();
        services.AddHostedService(sp => new MessagingHostedService(sp.GetRequiredService<MessageBus>(), host, sp.GetRequiredService<MessagingStatus>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
