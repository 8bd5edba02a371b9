using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// A simulated panel's event log: a ring of <see cref="Capacity"/> slots, each record named by an opaque 3-byte
/// index (<see cref="OpaqueIndex"/>). Reading follows the manual's 0x8C: <c>FF FF FF</c> gives the newest record,
/// and a returned index gives the record before it. Once the ring is full the oldest record is overwritten, and
/// walking back past the oldest record still held gives an empty record (Z = 0, "end of events").
/// </summary>
/// <remarks>
/// Records are stored packed in 8 bytes and the store grows on demand, so an idle panel of a large fleet costs
/// little. Not thread-safe: <see cref="SimulatedPanel"/> guards it with its lock.
/// </remarks>
public sealed class PanelEventLog
{
    private readonly OpaqueIndex indices;
    private ulong[] slots = new ulong[16];

    /// <param name="capacity">How many records the ring holds (1..1,000,000).</param>
    /// <param name="seed">Varies the index scrambling per panel.</param>
    public PanelEventLog(int capacity, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1_000_000);
        Capacity = capacity;
        indices = new OpaqueIndex(capacity, seed);
    }

    /// <summary>How many records the ring holds before the oldest is overwritten.</summary>
    public int Capacity { get; }

    /// <summary>How many records were ever written (the next record's sequence number).</summary>
    public long Written { get; private set; }

    /// <summary>How many records are held now.</summary>
    public int Count => (int)Math.Min(Written, Capacity);

    /// <summary>Adds a record and returns it with its sequence number and index.</summary>
    public LoggedEvent Append(EventRecord record)
    {
        var slot = (int)(Written % Capacity);
        if (slot >= slots.Length)
            Array.Resize(ref slots, (int)Math.Min(Capacity, 2L * slots.Length));
        slots[slot] = Pack(record);
        return new LoggedEvent(Written++, indices.Of(slot), record);
    }

    /// <summary>The held records, oldest first.</summary>
    public IReadOnlyList<LoggedEvent> Snapshot()
    {
        var list = new List<LoggedEvent>(Count);
        for (var seq = Written - Count; seq < Written; seq++)
            list.Add(At(seq));
        return list;
    }

    /// <summary>
    /// The 0x8C answer to <paramref name="called"/>: the newest record for <c>FF FF FF</c>, else the record before
    /// the one <paramref name="called"/> names; an empty record when there is none.
    /// </summary>
    public EventRecordAnswer Read(EventLogIndex called)
    {
        if (called == EventLogIndex.Newest)
            return Written == 0 ? Empty(indices.Of(Capacity - 1), called) : Answer(At(Written - 1), called);
        if (called == EventLogIndex.NewestGrade)
            return Empty(called, called); // no Grade2/Grade3 log: its first byte 0 means "end of events"
        var slot = indices.SlotOf(called);
        var previousSlot = (slot + Capacity - 1) % Capacity;
        if (slot >= Capacity || SequenceIn(slot) is not { } seq || seq == Written - Count)
            return Empty(indices.Of(previousSlot), called);
        return Answer(At(seq - 1), called);
    }

    /// <summary>The index of the slot after <paramref name="logged"/>'s, as unsolicited 0x8C frames carry (PROTOCOL.md §3.3 B).</summary>
    public EventLogIndex IndexAfter(LoggedEvent logged) => indices.Of((int)((logged.Sequence + 1) % Capacity));

    // The sequence number held in a slot, or null when the slot was never written.
    private long? SequenceIn(int slot)
    {
        if (Written == 0)
            return null;
        var newest = Written - 1;
        var newestSlot = (int)(newest % Capacity);
        var seq = newest - (newestSlot - slot + Capacity) % Capacity;
        return seq >= 0 ? seq : null;
    }

    private LoggedEvent At(long seq)
    {
        var slot = (int)(seq % Capacity);
        return new LoggedEvent(seq, indices.Of(slot), Unpack(slots[slot]));
    }

    private static EventRecordAnswer Answer(LoggedEvent e, EventLogIndex called) => new(e.Record, e.Index, called);

    private static EventRecordAnswer Empty(EventLogIndex returned, EventLogIndex called) =>
        new(EventRecord.Read(new byte[EventRecord.Length]), returned, called);

    private static ulong Pack(EventRecord record)
    {
        Span<byte> bytes = stackalloc byte[EventRecord.Length];
        record.WriteTo(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private static EventRecord Unpack(ulong packed)
    {
        Span<byte> bytes = stackalloc byte[EventRecord.Length];
        BitConverter.TryWriteBytes(bytes, packed);
        return EventRecord.Read(bytes);
    }
}
