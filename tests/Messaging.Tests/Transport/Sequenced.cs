using System.Collections.Concurrent;
using System.Text;
using Messaging.Transport;

namespace Messaging.Tests.Transport;

/// <summary>
/// Messages numbered 0..n-1 spread over ordering keys, and a record of what the handler saw, to check that every
/// number arrives and that, per key, first-time deliveries come in publish order.
/// </summary>
internal sealed class Sequenced
{
    private readonly ConcurrentDictionary<int, int> _timesSeen = new();
    private readonly Dictionary<string, List<int>> _firstSeenByKey = [];

    public const string MessageType = "test_sequenced";

    public static string KeyOf(int seq, int keys) => $"key-{seq % keys}";

    public static IReadOnlyList<OutgoingMessage> Batch(string exchange, int from, int count, int keys) =>
        Enumerable.Range(from, count).Select(seq => new OutgoingMessage(exchange, $"seq.{KeyOf(seq, keys)}",
            new TransportMessage(Guid.NewGuid(), MessageType, Encoding.UTF8.GetBytes(seq.ToString()), KeyOf(seq, keys),
                CorrelationId: null, CausationId: null, UserId: null, Tenant: null, Headers: null))).ToList();

    public static int SeqOf(TransportMessage message) => int.Parse(Encoding.UTF8.GetString(message.Body.Span));

    public int Distinct => _timesSeen.Count;

    public int Total => _timesSeen.Values.Sum();

    /// <summary>Records a handled message; thread-safe.</summary>
    public void Record(TransportMessage message)
    {
        var seq = SeqOf(message);
        if (_timesSeen.AddOrUpdate(seq, 1, (_, n) => n + 1) > 1)
            return;
        lock (_firstSeenByKey)
        {
            if (!_firstSeenByKey.TryGetValue(message.OrderingKey!, out var list))
                _firstSeenByKey[message.OrderingKey!] = list = [];
            list.Add(seq);
        }
    }

    /// <summary>Keys whose first-time deliveries were not in ascending order, with their sequence.</summary>
    public IReadOnlyList<string> OutOfOrderKeys()
    {
        lock (_firstSeenByKey)
        {
            return _firstSeenByKey
                .Where(kv => !kv.Value.SequenceEqual(kv.Value.Order()))
                .Select(kv => $"{kv.Key}: {string.Join(",", kv.Value.Take(50))}")
                .ToList();
        }
    }

    public IEnumerable<int> Missing(int count) => Enumerable.Range(0, count).Where(seq => !_timesSeen.ContainsKey(seq));
}
