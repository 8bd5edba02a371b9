using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Events;

/// <summary>The worked examples of PROTOCOL.md §3.3.</summary>
public sealed class EventRecordTests
{
    [Fact]
    public void Example_A_IntegraPy_test_parse_event()
    {
        var answer = Parse("FE FE 8C 7F 98 83 13 5D A6 0A 02 06 68 DE FF FF FF 58 BB FE 0D");
        var r = answer.Record;
        Assert.Equal(1, r.YearMarker);
        Assert.True(r.NotEmpty && r.Present);
        Assert.Equal((MonitoringStatus.NotMonitored, MonitoringStatus.NotMonitored), (r.Station1, r.Station2));
        Assert.Equal(PanelEventClass.AccessControl, r.Class);
        Assert.Equal((24, 8, 13 * 60 + 7), (r.Day, r.Month, r.MinuteOfDay));
        Assert.Equal((11, true, 422), (r.PartitionField, r.Restore, r.Code));
        Assert.Equal((10, 0, 2), (r.Source, r.ObjectNumber, r.UserControlNumber));
        Assert.Equal("0668DE", answer.Previous.ToString());
        Assert.Equal(EventLogIndex.Newest, answer.Called);
    }

    [Fact]
    public void Example_B_real_ETHM_1_Plus_frame()
    {
        var answer = Parse("FE FE 8C BF C5 54 C2 87 FB 03 01 03 58 96 03 50 96 39 C0 FE 0D");
        var r = answer.Record;
        Assert.Equal(2, r.YearMarker);
        Assert.True(r.NotEmpty && r.Present);
        Assert.Equal(PanelEventClass.UserFunctions, r.Class);
        Assert.Equal((5, 5, 20 * 60 + 18), (r.Day, r.Month, r.MinuteOfDay));
        Assert.Equal((16, true, 1019), (r.PartitionField, r.Restore, r.Code));
        Assert.Equal((3, 0, 1), (r.Source, r.ObjectNumber, r.UserControlNumber));
        Assert.Equal("035896", answer.Previous.ToString());
        Assert.Equal("035096", answer.Called.ToString());
        Assert.Equal(new DateTime(2026, 5, 5, 20, 18, 0), r.ResolveTime(new DateTime(2026, 5, 5, 20, 18, 24)));
    }

    [Fact]
    public void Example_C_openHAB_timestamps_with_the_clock_at_2012_01_01()
    {
        var panelNow = new DateTime(2012, 1, 1);
        // YY = 3: 2015 would be in the future, so 2011.
        Assert.Equal(new DateTime(2011, 7, 31, 20, 23, 0), Read(b0: 0xC0, b1: 0x1F, b2: 0x74, b3: 0xC7).ResolveTime(panelNow));

        // YY = 0, 7 December 04:15. openHAB compares years only and expects 2012-12-07, eleven months after its own
        // clock. We refuse times in the future (beyond a day of clock skew), so the same record is 2008-12-07; it is
        // 2012-12-07 when read during or after that day.
        var record = Read(b0: 0x00, b1: 0x07, b2: 0xC0, b3: 0xFF);
        Assert.Equal((7, 12, 4 * 60 + 15), (record.Day, record.Month, record.MinuteOfDay));
        Assert.Equal(new DateTime(2008, 12, 7, 4, 15, 0), record.ResolveTime(panelNow));
        Assert.Equal(new DateTime(2012, 12, 7, 4, 15, 0), record.ResolveTime(new DateTime(2012, 12, 7, 4, 0, 0)));
    }

    [Fact]
    public void Example_C_openHAB_fields()
    {
        Assert.Equal(PanelEventClass.Troubles, Read(b1: 0xA0).Class);
        Assert.Equal(32, Read(b4: 0xF8).PartitionNumber);
        Assert.Equal(0x3FF, Read(b4: 0x03, b5: 0xFF).Code);
        Assert.True(Read(b4: 0x04).Restore);
        Assert.Equal(7, Read(b7: 0xE0).ObjectNumber);
        Assert.Equal(31, Read(b7: 0x1F).UserControlNumber);
        Assert.False(Read().NotEmpty);
    }

    [Fact]
    public void Partition_keypad_address_has_R_as_its_high_bit() =>
        Assert.Equal(47, Read(b4: 0x7C).PartitionKeypadAddress); // PPPPP 15, R 1; openHAB's test expects 48 = this + 1

    [Fact]
    public void A_panel_clock_a_little_ahead_does_not_move_an_event_back_four_years()
    {
        var record = EventRecord.Read(Hex.Bytes("BF C5 54 C2 87 FB 03 01"));
        Assert.Equal(2026, record.ResolveTime(new DateTime(2026, 5, 5, 20, 10, 0))!.Value.Year);
        Assert.Equal(2022, record.ResolveTime(new DateTime(2026, 5, 3))!.Value.Year);
    }

    [Fact]
    public void Last_years_event_read_just_after_new_year()
    {
        // 31 December, 23:59, YY = 1 (2025), read on 1 January 2026.
        var record = new EventRecord(1, true, true, 0, 0, PanelEventClass.Arming, 31, 12, 1439, 0, false, 400, 1, 0, 0);
        Assert.Equal(new DateTime(2025, 12, 31, 23, 59, 0), record.ResolveTime(new DateTime(2026, 1, 1, 0, 5, 0)));
    }

    [Fact]
    public void Empty_records_have_no_time() => Assert.Null(Read().ResolveTime(new DateTime(2026, 1, 1)));

    [Fact]
    public void On_INTEGRA_256_Plus_uuuuu_1_moves_zones_up_by_128()
    {
        var record = Read(b6: 5, b7: 0x01);
        Assert.Equal(133, record.ZoneOrOutput(integra256Plus: true));
        Assert.Equal(5, record.ZoneOrOutput(integra256Plus: false));
        Assert.Equal(5, Read(b6: 5).ZoneOrOutput(integra256Plus: true));
    }

    private static EventRecordAnswer Parse(string wire) =>
        Assert.IsType<EventRecordAnswer>(AnswerParser.Default.Parse(Assert.Single(new FrameDecoder().Decode(Hex.Bytes(wire)))));

    private static EventRecord Read(
        byte b0 = 0, byte b1 = 0, byte b2 = 0, byte b3 = 0, byte b4 = 0, byte b5 = 0, byte b6 = 0, byte b7 = 0) =>
        EventRecord.Read([b0, b1, b2, b3, b4, b5, b6, b7]);
}
