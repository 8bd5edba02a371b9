using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// Maps a slot of the simulated event log to the 3-byte index the panel reports, and back. Real panels report
/// indices that differ in arbitrary bits between consecutive records (PROTOCOL.md §3.4), so the simulator scrambles
/// its slot numbers with an invertible function: a client that does arithmetic on indices fails here as it would
/// against a panel. The mapping is a bijection on 24 bits, so a slot keeps its index when the log wraps.
/// </summary>
internal readonly struct OpaqueIndex
{
    private const int Mask = 0xFFFFFF;

    // Any odd multiplier is invertible modulo 2^24; this one spreads neighbouring slots over many bits.
    private const int Multiplier = 0x5BD1E9 | 1;
    private static readonly int Inverse = InverseOf(Multiplier);

    private readonly int salt;

    /// <summary>A mapping for a log of <paramref name="capacity"/> slots, varied per panel by <paramref name="seed"/>.</summary>
    public OpaqueIndex(int capacity, int seed)
    {
        // The salt must keep FF FF FF and 00 FF FF (the "newest" requests) off every slot in use.
        var candidate = seed & Mask;
        while (Slot(EventLogIndex.Newest.Value, candidate) < capacity || Slot(EventLogIndex.NewestGrade.Value, candidate) < capacity)
            candidate = (candidate + 0x10101) & Mask;
        salt = candidate;
    }

    /// <summary>The index the panel reports for <paramref name="slot"/>.</summary>
    public EventLogIndex Of(int slot) => new(((int)((long)slot * Multiplier & Mask)) ^ salt);

    /// <summary>The slot an index names (it may be outside the log for an index the panel never reported).</summary>
    public int SlotOf(EventLogIndex index) => Slot(index.Value, salt);

    private static int Slot(int value, int salt) => (int)((long)(value ^ salt) * Inverse & Mask);

    // Newton's iteration doubles the correct low bits each step: 5 steps give more than 24.
    private static int InverseOf(int odd)
    {
        long x = odd;
        for (var i = 0; i < 5; i++)
            x = x * ((2 - (odd * x & Mask)) & Mask) & Mask;
        return (int)x;
    }
}
