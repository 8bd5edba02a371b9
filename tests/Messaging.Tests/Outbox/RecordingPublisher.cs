using System.Collections.Concurrent;
using System.Text.Json;
using Messaging.Outbox;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Outbox;

/// <summary>Stands in for the broker where a test is about the relay's own logic; records what was "confirmed".</summary>
public sealed class RecordingPublisher(ConcurrentQueue<Ping> sink) : IOutboxPublisher
{
    private int _batches;

    /// <summary>When set, the Nth batch publishes half its messages and then fails, like a relay dying mid-batch.</summary>
    public int? CrashOnBatch { get; set; }

    public Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _batches);
        var crash = n == CrashOnBatch;
        foreach (var m in crash ? batch.Take(batch.Count / 2) : batch)
            sink.Enqueue(JsonSerializer.Deserialize<Ping>(m.Body.Span, JsonSerializerOptions.Web)!);
        if (crash) throw new IOException("relay died mid-batch");
        return Task.CompletedTask;
    }
}
