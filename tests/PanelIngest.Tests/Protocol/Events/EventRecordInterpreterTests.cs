using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Events;

public sealed class EventRecordInterpreterTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 5, 18, 20, 0, TimeSpan.Zero);

    [Fact]
    public void Real_key_fob_record_becomes_a_RecordPanelEvent()
    {
        var answer = Parse("8C BF C5 54 C2 87 FB 03 01 03 58 96 03 50 96");
        var facts = EventRecordInterpreter.Interpret(answer, new DateTime(2026, 5, 5, 20, 19, 0), integra256Plus: false);

        var command = facts!.ToCommand("panel-1", Now);
        Assert.Equal(
            new RecordPanelEvent(
                "panel-1", "035896", new DateTime(2026, 5, 5, 20, 18, 0), 1019, true, PanelEventClass.UserFunctions,
                PanelEventKind.Access, Partition: null, Zone: null, User: 3, Source: 3, "Remote key fob used", Now),
            command);
    }

    [Fact]
    public void Zone_alarm_names_partition_and_zone()
    {
        // Burglary alarm (130), partition field 0 → partition 1, zone 12, 2026-03-01 02:30.
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.ZoneAlarms, 1, 3, 150, 0, false, 130, 12, 0, 0);
        var facts = Interpret(record, integra256Plus: false)!;
        Assert.Equal((PanelEventKind.BurglaryAlarm, 1, 12, (int?)null), (facts.Kind, facts.Partition, facts.Zone, facts.User));
        Assert.Equal("Burglary alarm", facts.Description);
        Assert.Equal(new DateTime(2026, 3, 1, 2, 30, 0), facts.PanelTime);
    }

    [Fact]
    public void Zone_129_and_up_on_INTEGRA_256_Plus()
    {
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.ZoneAlarms, 1, 3, 150, 4, false, 99, 12, 0, 1);
        Assert.Equal(140, Interpret(record, integra256Plus: true)!.Zone);
        Assert.Equal(12, Interpret(record, integra256Plus: false)!.Zone);
    }

    [Fact]
    public void Arm_by_user_names_partition_and_user()
    {
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.Arming, 1, 3, 150, 2, true, 401, 7, 0, 3);
        var facts = Interpret(record, integra256Plus: false)!;
        Assert.Equal((PanelEventKind.Arm, 3, (int?)null, 7), (facts.Kind, facts.Partition, facts.Zone, facts.User));
        Assert.Equal("Arm by user", facts.Description);
    }

    [Fact]
    public void Expander_sources_are_not_zones()
    {
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.ZoneAlarms, 1, 3, 150, 0, false, 145, 130, 0, 0);
        var facts = Interpret(record, integra256Plus: false)!;
        Assert.Null(facts.Zone);
        Assert.Equal(130, facts.Source);
    }

    [Fact]
    public void Empty_record_is_the_end_of_the_log() =>
        Assert.Null(EventRecordInterpreter.Interpret(Parse("8C 00 00 00 00 00 00 00 00 00 00 00 FF FF FF"),
            new DateTime(2026, 5, 5), integra256Plus: false));

    [Fact]
    public void A_non_empty_record_with_no_date_is_a_protocol_error()
    {
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.ZoneAlarms, 31, 2, 0, 0, false, 130, 1, 0, 0);
        Assert.Throws<MalformedFrameException>(() => Interpret(record, integra256Plus: false));
    }

    [Fact]
    public void Unknown_codes_still_get_a_description()
    {
        var record = new EventRecord(2, true, true, 0, 0, PanelEventClass.SystemEvents, 1, 3, 150, 0, true, 777, 0, 0, 0);
        var facts = Interpret(record, integra256Plus: false)!;
        Assert.Equal(("Event code 777 (restore)", PanelEventKind.Other), (facts.Description, facts.Kind));
    }

    private static PanelEventFacts? Interpret(EventRecord record, bool integra256Plus) =>
        EventRecordInterpreter.Interpret(
            new EventRecordAnswer(record, new EventLogIndex(0x123456), EventLogIndex.Newest),
            new DateTime(2026, 5, 5), integra256Plus);

    private static EventRecordAnswer Parse(string payload)
    {
        var bytes = Hex.Bytes(payload);
        return Assert.IsType<EventRecordAnswer>(AnswerParser.Default.Parse(new SatelFrame(bytes[0], bytes.AsSpan(1))));
    }
}
