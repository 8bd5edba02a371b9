using System.Text;
using RabbitMQ.Client;

namespace Messaging.Transport;

/// <summary>Maps <see cref="TransportMessage"/> to AMQP properties and back.</summary>
internal static class MessageCodec
{
    public static BasicProperties Encode(TransportMessage message)
    {
        var headers = new Dictionary<string, object?>();
        if (message.Headers is not null)
        {
            foreach (var (name, value) in message.Headers)
            {
                if (TransportHeaders.IsReserved(name))
                    throw new ArgumentException($"Header '{name}' is reserved for the transport.", nameof(message));
                headers[name] = value;
            }
        }
        SetIfPresent(headers, TransportHeaders.CausationId, message.CausationId);
        SetIfPresent(headers, TransportHeaders.UserId, message.UserId);
        SetIfPresent(headers, TransportHeaders.Tenant, message.Tenant);
        SetIfPresent(headers, TransportHeaders.OrderingKey, message.OrderingKey);
        return new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.MessageId.ToString(),
            Type = message.MessageType,
            CorrelationId = message.CorrelationId,
            ContentType = "application/json",
            Headers = headers,
        };
    }

    /// <summary>
    /// Decodes a delivery. Never throws: a delivery that cannot be handled gets placeholders
    /// (empty type, empty id) and a <paramref name="problem"/>, because it still has to be dead-lettered.
    /// </summary>
    public static TransportMessage Decode(IReadOnlyBasicProperties props, ReadOnlyMemory<byte> body, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(props.Type))
            problem = "The message has no type (AMQP 'type' property), so no handler can deserialise it.";
        else if (!Guid.TryParse(props.MessageId, out _))
            problem = $"The message id '{props.MessageId}' is missing or not a GUID, so it cannot be deduplicated.";

        var headers = props.Headers;
        Dictionary<string, string>? extra = null;
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                if (TransportHeaders.IsReserved(name) || AsString(value) is not { } text)
                    continue;
                (extra ??= new Dictionary<string, string>())[name] = text;
            }
        }
        return new TransportMessage(
            Guid.TryParse(props.MessageId, out var id) ? id : Guid.Empty,
            props.Type ?? "",
            body,
            Header(headers, TransportHeaders.OrderingKey),
            props.CorrelationId,
            Header(headers, TransportHeaders.CausationId),
            Header(headers, TransportHeaders.UserId),
            Header(headers, TransportHeaders.Tenant),
            extra);
    }

    public static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? AsString(value) : null;

    // AMQP delivers string header values as UTF-8 byte arrays; numbers arrive as their CLR types.
    private static string? AsString(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static void SetIfPresent(Dictionary<string, object?> headers, string name, string? value)
    {
        if (value is not null)
            headers[name] = value;
    }
}
