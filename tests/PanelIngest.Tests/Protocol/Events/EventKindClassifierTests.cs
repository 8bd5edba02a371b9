using Domain.Panels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Protocol.Events;

public sealed class EventKindClassifierTests
{
    [Theory]
    [InlineData(130, false, PanelEventKind.BurglaryAlarm)]
    [InlineData(130, true, PanelEventKind.BurglaryAlarm)] // an alarm restore keeps its kind; the domain reads R
    [InlineData(134, false, PanelEventKind.BurglaryAlarm)]
    [InlineData(139, false, PanelEventKind.BurglaryAlarm)]
    [InlineData(423, false, PanelEventKind.BurglaryAlarm)]
    [InlineData(110, false, PanelEventKind.FireAlarm)]
    [InlineData(111, false, PanelEventKind.FireAlarm)]
    [InlineData(151, false, PanelEventKind.FireAlarm)]
    [InlineData(120, false, PanelEventKind.Panic)]
    [InlineData(122, false, PanelEventKind.Panic)]
    [InlineData(100, false, PanelEventKind.Panic)]
    [InlineData(121, false, PanelEventKind.Duress)]
    [InlineData(144, false, PanelEventKind.Tamper)]
    [InlineData(145, true, PanelEventKind.Tamper)]
    [InlineData(383, false, PanelEventKind.Tamper)]
    [InlineData(99, false, PanelEventKind.ZoneViolation)]
    [InlineData(99, true, PanelEventKind.ZoneRestore)]
    [InlineData(570, false, PanelEventKind.Bypass)]
    [InlineData(570, true, PanelEventKind.Unbypass)]
    [InlineData(575, false, PanelEventKind.Bypass)]
    [InlineData(400, false, PanelEventKind.Disarm)]
    [InlineData(400, true, PanelEventKind.Arm)]
    [InlineData(401, false, PanelEventKind.Disarm)]
    [InlineData(401, true, PanelEventKind.Arm)]
    [InlineData(403, true, PanelEventKind.Arm)]
    [InlineData(407, false, PanelEventKind.Disarm)]
    [InlineData(441, true, PanelEventKind.Arm)]
    [InlineData(1001, false, PanelEventKind.Arm)]
    [InlineData(406, false, PanelEventKind.AlarmCleared)]
    [InlineData(301, false, PanelEventKind.Trouble)]
    [InlineData(301, true, PanelEventKind.TroubleRestore)]
    [InlineData(302, false, PanelEventKind.Trouble)]
    [InlineData(350, false, PanelEventKind.Trouble)]
    [InlineData(1000, true, PanelEventKind.TroubleRestore)]
    [InlineData(154, false, PanelEventKind.Trouble)] // water leak: a technical alarm
    [InlineData(625, true, PanelEventKind.Trouble)] // "System real-time clock trouble"
    [InlineData(625, false, PanelEventKind.System)] // "Setting system real-time clock"
    [InlineData(421, false, PanelEventKind.Access)]
    [InlineData(422, true, PanelEventKind.Access)]
    [InlineData(1019, false, PanelEventKind.Access)]
    [InlineData(305, false, PanelEventKind.System)]
    [InlineData(8, false, PanelEventKind.System)]
    [InlineData(985, false, PanelEventKind.Other)]
    [InlineData(454, false, PanelEventKind.Other)]
    [InlineData(777, false, PanelEventKind.Other)] // not in Appendix 1
    public void Classifies_codes(int code, bool restore, PanelEventKind kind) =>
        Assert.Equal(kind, EventKindClassifier.Classify(code, restore));

    [Fact]
    public void Every_alarm_row_of_Appendix_1_is_an_alarm_or_a_trouble()
    {
        var alarmKinds = new[]
        {
            PanelEventKind.BurglaryAlarm, PanelEventKind.FireAlarm, PanelEventKind.Panic, PanelEventKind.Duress,
            PanelEventKind.Tamper, PanelEventKind.Trouble,
        };
        var unclassified = EventCodeTable.All
            .Where(r => !r.Restore && r.Text.StartsWith("Alarm", StringComparison.Ordinal) && r.Code is not (77 or 406))
            .Where(r => !alarmKinds.Contains(EventKindClassifier.Classify(r.Code, r.Restore)))
            .Select(r => $"{r.Code} {r.Text}")
            .ToList();
        // 77 "Alarm monitoring delay" is a notice and 406 "Alarm cleared" ends alarms.
        Assert.Empty(unclassified);
    }

    [Fact]
    public void Every_arm_and_disarm_row_is_classified_as_such()
    {
        var rows = EventCodeTable.All.Where(r => IsArming(r.Text)).ToList();
        Assert.Equal(19, rows.Count); // 400–405, 407, 409 both ways, 408, 441, 442 as restores
        foreach (var row in rows)
        {
            var expected = row.Text.Contains("disarm", StringComparison.OrdinalIgnoreCase)
                ? PanelEventKind.Disarm
                : PanelEventKind.Arm;
            Assert.True(
                expected == EventKindClassifier.Classify(row.Code, row.Restore), $"{row.Code}/{row.Restore} {row.Text}");
        }
    }

    // "Arm", "Disarm", "… arm", "… disarm", "Arm by …", "Disarm by …", "Arm (STAY mode)"; not "Arming failed".
    private static bool IsArming(string text) =>
        text.Split(' ', '-').Any(word => word.Equals("arm", StringComparison.OrdinalIgnoreCase)
            || word.Equals("disarm", StringComparison.OrdinalIgnoreCase)) && !text.Contains("delay", StringComparison.Ordinal);

    [Fact]
    public void Most_rows_get_a_kind_more_specific_than_Other()
    {
        var other = EventCodeTable.All.Count(r => EventKindClassifier.Classify(r.Code, r.Restore) == PanelEventKind.Other);
        Assert.InRange(other, 0, 40);
    }
}
