using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// A panel event log as 0x8C reads it, in memory: a ring of <paramref name="capacity"/> slots whose indices are
/// scrambled (opaque), reused when the ring wraps. For the walker's unit tests; the transport tests use the simulator.
/// </summary>
internal sealed class FakeEventLog(int capacity)
{
    private readonly List<EventRecord> written = [];

    public int Reads { get; private set; }

    public static EventLogIndex IndexOfSlot(int slot) => new((slot * 7919 + 0x1234) & 0xFFFFF);

    /// <summary>Logs a record (each one distinct by its minute and code) and returns its index.</summary>
    public EventLogIndex Add()
    {
        var n = written.Count;
        written.Add(new EventRecord(2, true, true, MonitoringStatus.NotMonitored, MonitoringStatus.NotMonitored, PanelEventClass.ZoneAlarms,
            1 + n / 1440 % 28, 1 + n / 40320 % 12, n % 1440, 0, false, 130 + n % 7, 1 + n % 100, 0, 0));
        return IndexOfSlot(n % capacity);
    }

    public void Add(int count)
    {
        for (var i = 0; i < count; i++) Add();
    }

    /// <summary>The log as the panel answers 0x8C: the newest for FF FF FF, else the record before the one named.</summary>
    public Task<EventRecordAnswer> ReadAsync(EventLogIndex called, CancellationToken ct)
    {
        Reads++;
        var held = Math.Min(written.Count, capacity);
        long seq;
        if (called == EventLogIndex.Newest)
            seq = written.Count - 1;
        else
        {
            var slot = Enumerable.Range(0, capacity).First(s => IndexOfSlot(s) == called);
            var named = written.Count - 1 - ((written.Count - 1 - slot) % capacity + capacity) % capacity;
            seq = named - 1;
        }
        if (seq < written.Count - held || seq < 0)
            return Task.FromResult(new EventRecordAnswer(EventRecord.Read(new byte[8]), IndexOfSlot(0), called));
        return Task.FromResult(new EventRecordAnswer(written[(int)seq], IndexOfSlot((int)(seq % capacity)), called));
    }

    /// <summary>The answer for the record with sequence <paramref name="seq"/> (as a walk returns it).</summary>
    public EventRecordAnswer Answer(int seq) => new(written[seq], IndexOfSlot(seq % capacity), EventLogIndex.Newest);

    public int Count => written.Count;
}
