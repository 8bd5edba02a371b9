using System.Globalization;
using RabbitMQ.Client;

namespace Messaging.Transport;

/// <summary>
/// Publishes a failed delivery, unchanged but for the <c>x-exception-*</c> headers, to <c>{queue}.dlx</c> with a
/// publisher confirm, so that the original can be acknowledged only once its copy is safely stored.
/// </summary>
internal sealed class DeadLetterWriter(ConfirmChannel channel, string queue)
{
    private const int MaxStackLength = 4096;

    public Task WriteAsync(Delivery delivery, string reasonType, string reason, Exception? exception, int attempts, CancellationToken ct)
    {
        var props = new BasicProperties(delivery.Properties)
        {
            // A copy: the original properties belong to the delivery.
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>()),
        };
        var headers = props.Headers;
        headers[TransportHeaders.ExceptionType] = reasonType;
        headers[TransportHeaders.ExceptionMessage] = reason;
        if (exception is not null)
            headers[TransportHeaders.ExceptionStack] = Truncate(exception.ToString());
        headers[TransportHeaders.OriginalQueue] = queue;
        headers[TransportHeaders.FailedAt] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        headers[TransportHeaders.Attempts] = attempts;
        var publication = new Publication(RabbitMqTopology.DeadLetterExchange(queue), delivery.RoutingKey, props, delivery.Body);
        return channel.PublishAsync([publication], ct);
    }

    private static string Truncate(string text) => text.Length <= MaxStackLength ? text : text[..MaxStackLength];
}
