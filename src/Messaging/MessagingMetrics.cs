using System.Diagnostics.Metrics;
using Messaging.Outbox;

namespace Messaging;

/// <summary>
/// The messaging instruments, on the meter <see cref="MeterName"/>: what consumers handled, retried and
/// dead-lettered, what the inbox dropped as duplicates, and what relays published. Static, like the runtime's own
/// meters: consumers and relays are started without a container, and one process has one of each meter anyway.
/// Tags are bounded: queue or exchange, pinned message type, outcome.
/// </summary>
public static class MessagingMetrics
{
    /// <summary>The meter to listen to (an exporter, <c>dotnet-counters</c>).</summary>
    public const string MeterName = "AlarmMonitoring.Messaging";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Handled = Meter.CreateCounter<long>("alarm_monitoring.messaging.messages_handled",
        description: "Deliveries handled and acknowledged, by queue and message type (inbox duplicates included: they are handled by doing nothing).");

    private static readonly Counter<long> HandlerFailures = Meter.CreateCounter<long>("alarm_monitoring.messaging.handler_failures",
        description: "Deliveries that failed, by queue, message type and outcome: retried (in-process, will be tried again) or dead_lettered (given up, stored with the reason).");

    private static readonly Counter<long> InboxDuplicates = Meter.CreateCounter<long>("alarm_monitoring.messaging.inbox_duplicates",
        description: "Redelivered messages the inbox recognised by message id and skipped, by consumer and message type.");

    private static readonly Counter<long> Published = Meter.CreateCounter<long>("alarm_monitoring.messaging.messages_published",
        description: "Outbox messages the relay published with a broker confirm, by exchange and message type.");

    private static readonly Counter<long> Unroutable = Meter.CreateCounter<long>("alarm_monitoring.messaging.messages_unroutable",
        description: "Outbox messages no queue was bound for, moved to dead letters by the relay, by exchange and message type.");

    /// <summary>
    /// Creates the instruments now rather than at the first message, so that an exporter lists them (HELP and TYPE)
    /// from start-up: a dashboard or alert on consumer errors then finds the metric before the first error.
    /// </summary>
    public static void EnsureCreated() => GC.KeepAlive(Meter);

    internal static void RecordHandled(string queue, string messageType) =>
        Handled.Add(1, new("queue", queue), new("message_type", messageType));

    internal static void RecordRetried(string queue, string messageType) =>
        HandlerFailures.Add(1, new("queue", queue), new("message_type", messageType), new("outcome", "retried"));

    internal static void RecordDeadLettered(string queue, string messageType) =>
        HandlerFailures.Add(1, new("queue", queue), new("message_type", messageType), new("outcome", "dead_lettered"));

    internal static void RecordDuplicate(string consumer, string messageType) =>
        InboxDuplicates.Add(1, new("consumer", consumer), new("message_type", messageType));

    internal static void RecordPublished(IEnumerable<OutboxMessage> messages) => Record(Published, messages);

    internal static void RecordUnroutable(IEnumerable<OutboxMessage> messages) => Record(Unroutable, messages);

    private static void Record(Counter<long> counter, IEnumerable<OutboxMessage> messages)
    {
        foreach (var group in messages.GroupBy(m => (m.Exchange, m.MessageType)))
            counter.Add(group.Count(), new("exchange", group.Key.Exchange), new("message_type", group.Key.MessageType));
    }
}
