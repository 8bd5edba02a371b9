using System.Collections.Concurrent;

namespace EventStore.Tests;

public sealed class Uuid7Tests
{
    [Fact]
    public void A_uuid_carries_version_7_the_rfc_variant_and_its_millisecond()
    {
        var time = new DateTimeOffset(2026, 12, 2, 8, 30, 15, 123, TimeSpan.Zero);
        var bytes = Uuid7.NewGuid(time).ToByteArray(bigEndian: true);

        Assert.Equal(7, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        var ms = 0L;
        for (var i = 0; i < 6; i++) ms = (ms << 8) | bytes[i];
        Assert.Equal(time.ToUnixTimeMilliseconds(), ms);
        Assert.Equal(7, Uuid7.NewGuid().Version);
    }

    [Fact]
    public void Uuids_drawn_on_many_threads_across_buffer_refills_are_distinct()
    {
        // 8 threads x 20,000 draws: each thread refills its buffer about 200 times.
        var seen = new ConcurrentDictionary<Guid, byte>();
        var time = DateTimeOffset.UtcNow;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 20_000; i++) Assert.True(seen.TryAdd(Uuid7.NewGuid(time), 0));
        });
        Assert.Equal(160_000, seen.Count);
    }

    [Fact]
    public void Uuids_of_later_milliseconds_sort_later()
    {
        var earlier = Uuid7.NewGuid(DateTimeOffset.UnixEpoch.AddMilliseconds(1_000));
        var later = Uuid7.NewGuid(DateTimeOffset.UnixEpoch.AddMilliseconds(1_001));
        Assert.True(earlier.CompareTo(later) < 0);
    }
}
