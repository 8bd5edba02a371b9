using System.Globalization;
using RabbitMQ.Client;

namespace Messaging.Transport;

/// <summary>Reads dead-letter queues, for operators and tests.</summary>
public static class DeadLetterQueue
{
    /// <summary>
    /// Returns up to <paramref name="max"/> messages from <c>{queue}.dlq</c> without removing them: they are fetched
    /// unacknowledged on a private channel, and closing it puts them back.
    /// </summary>
    /// <param name="queue">The main queue (not the <c>.dlq</c> one).</param>
    public static async Task<IReadOnlyList<DeadLetter>> PeekAsync(RabbitMqConnection connection, string queue, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var dlq = RabbitMqTopology.DeadLetterQueue(queue);
        var letters = new List<DeadLetter>();
        var channel = await connection.CreateChannelAsync(confirms: false, ct).ConfigureAwait(false);
        try
        {
            while (letters.Count < max && await channel.BasicGetAsync(dlq, autoAck: false, ct).ConfigureAwait(false) is { } got)
                letters.Add(ToDeadLetter(got.BasicProperties, got.Body.ToArray()));
        }
        finally
        {
            await channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            channel.Dispose();
        }
        return letters;
    }

    internal static DeadLetter ToDeadLetter(IReadOnlyBasicProperties props, byte[] body)
    {
        var headers = props.Headers;
        return new DeadLetter(
            MessageCodec.Decode(props, body, out _),
            MessageCodec.Header(headers, TransportHeaders.ExceptionType),
            MessageCodec.Header(headers, TransportHeaders.ExceptionMessage),
            MessageCodec.Header(headers, TransportHeaders.ExceptionStack),
            MessageCodec.Header(headers, TransportHeaders.OriginalQueue),
            DateTimeOffset.TryParse(MessageCodec.Header(headers, TransportHeaders.FailedAt), CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind, out var failedAt) ? failedAt : null,
            int.TryParse(MessageCodec.Header(headers, TransportHeaders.Attempts), CultureInfo.InvariantCulture, out var attempts)
                ? attempts : null);
    }
}
