using Microsoft.Extensions.Logging;

namespace Messaging.Transport;

/// <summary>
/// Publishes batches with publisher confirms on one reused channel. Thread-safe; concurrent batches are sent
/// one after the other.
/// </summary>
public sealed class RabbitMqPublisher : IAsyncDisposable
{
    private readonly ConfirmChannel _channel;

    /// <summary>Creates a publisher on the shared connection; the channel is opened on first use.</summary>
    public RabbitMqPublisher(RabbitMqConnection connection, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _channel = new ConfirmChannel(connection, logger);
    }

    /// <summary>
    /// Publishes the batch in order as persistent, mandatory messages and returns once the broker confirmed all of them.
    /// </summary>
    /// <exception cref="PublishFailedException">
    /// A message was nacked, unroutable, not confirmed within <see cref="RabbitMqOptions.PublishConfirmTimeout"/>, or the
    /// broker was unreachable. Part of the batch may have been delivered: retry the whole batch later, in order.
    /// </exception>
    /// <exception cref="ArgumentException">A message's <see cref="TransportMessage.Headers"/> uses a reserved name (see <see cref="TransportHeaders.IsReserved"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (delivery unknown, as above).</exception>
    public Task PublishAsync(IReadOnlyList<OutgoingMessage> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var publications = new Publication[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            publications[i] = new Publication(m.Exchange, m.RoutingKey, MessageCodec.Encode(m.Message), m.Message.Body);
        }
        return _channel.PublishAsync(publications, ct);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
