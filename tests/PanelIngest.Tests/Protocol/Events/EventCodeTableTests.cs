using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Events;

public sealed class EventCodeTableTests
{
    [Fact]
    public void Holds_the_383_rows_of_Appendix_1() => Assert.Equal(383, EventCodeTable.All.Count());

    [Theory]
    [InlineData(99, false, LongDescriptionKind.PartitionZoneExpanderOrKeypad, "Zone violation")]
    [InlineData(99, true, LongDescriptionKind.PartitionZoneExpanderOrKeypad, "Zone restore")]
    [InlineData(400, true, LongDescriptionKind.PartitionUser, "Arm")]
    [InlineData(422, true, LongDescriptionKind.PartitionKeypadUser, "User access")]
    [InlineData(1019, false, LongDescriptionKind.PartitionKeypadUser, "Remote key fob used")]
    [InlineData(50, false, LongDescriptionKind.TcpIpAddressEnd, "IP address")]
    [InlineData(66, false, LongDescriptionKind.PartitionZoneExpanderOrKeypad, "Arming in \"Stay\" mode")]
    public void Finds_rows_by_code_and_restore(int code, bool restore, LongDescriptionKind kind, string text) =>
        Assert.Equal(new EventCodeDescription(code, restore, kind, text), EventCodeTable.Find(code, restore));

    [Fact]
    public void Falls_back_to_the_other_restore_flag_only_when_asked()
    {
        Assert.Null(EventCodeTable.Find(408, false));
        Assert.Equal("Quick arm", EventCodeTable.FindNearest(408, false)?.Text);
    }
}
