using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Messages;

public sealed class ObjectSetTests
{
    [Fact]
    public void Zones_3_14_and_128_are_the_manuals_example() =>
        Assert.Equal([3, 14, 128], ObjectSet.FromBitmap(Hex.Bytes("04 20 00 00 00 00 00 00 00 00 00 00 00 00 00 80")));

    [Fact]
    public void Partitions_1_2_and_29_are_03_00_00_10() =>
        Assert.Equal(Hex.Bytes("03 00 00 10"), ObjectSet.Of(4, 1, 2, 29).ToBitmap());

    [Fact]
    public void Zones_1_3_62_and_120_are_the_bypass_example() =>
        Assert.Equal(
            Hex.Bytes("05 00 00 00 00 00 00 20 00 00 00 00 00 00 80 00"),
            ObjectSet.Of(16, 1, 3, 62, 120).ToBitmap());

    [Fact]
    public void Outputs_1_3_62_and_255_in_the_256_bit_form()
    {
        var bitmap = ObjectSet.Of(32, 1, 3, 62, 255).ToBitmap();
        Assert.Equal(32, bitmap.Length);
        Assert.Equal(Hex.Bytes("05 00 00 00 00 00 00 20"), bitmap[..8]);
        Assert.Equal(0x40, bitmap[31]);
    }

    // Expanders are numbered by address from 0, so the expander at address a is object a + 1 in a set.
    [Fact]
    public void Expanders_at_addresses_4_and_63_are_the_open_door_example() =>
        Assert.Equal(Hex.Bytes("10 00 00 00 00 00 00 80"), ObjectSet.Of(8, 5, 64).ToBitmap());

    [Fact]
    public void Numbers_outside_the_bitmap_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectSet.Of(4, 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectSet.Of(4, 0));
    }

    [Fact]
    public void Sets_are_equal_by_content_and_width()
    {
        Assert.Equal(ObjectSet.Of(16, 1, 2), ObjectSet.Of(16, 2, 1));
        Assert.NotEqual(ObjectSet.Of(16, 1), ObjectSet.Of(32, 1));
    }
}
