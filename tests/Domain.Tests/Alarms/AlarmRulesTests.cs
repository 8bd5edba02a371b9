using Domain.Alarms;
using Domain.Panels;

namespace Domain.Tests.Alarms;

/// <summary>The static rules the Host and the scheduler use: default priorities, deadlines, which panel events raise.</summary>
public sealed class AlarmRulesTests
{
    [Theory]
    [InlineData(AlarmPriority.Critical, 60)]
    [InlineData(AlarmPriority.High, 120)]
    [InlineData(AlarmPriority.Medium, 300)]
    [InlineData(AlarmPriority.Low, 900)]
    public void Each_priority_has_an_acknowledgement_deadline(AlarmPriority priority, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AlarmDeadlines.For(priority));

    [Theory]
    [InlineData(PanelEventKind.BurglaryAlarm, AlarmKind.Burglary)]
    [InlineData(PanelEventKind.FireAlarm, AlarmKind.Fire)]
    [InlineData(PanelEventKind.Panic, AlarmKind.Panic)]
    [InlineData(PanelEventKind.Duress, AlarmKind.Duress)]
    [InlineData(PanelEventKind.Tamper, AlarmKind.Tamper)]
    [InlineData(PanelEventKind.Trouble, AlarmKind.Trouble)]
    public void Alarm_kinds_of_panel_events_raise_alarms(PanelEventKind panelEvent, AlarmKind alarm) =>
        Assert.Equal(alarm, AlarmKinds.For(panelEvent, restore: false));

    [Theory]
    [InlineData(PanelEventKind.BurglaryAlarm, true)]
    [InlineData(PanelEventKind.Trouble, true)]
    [InlineData(PanelEventKind.Arm, false)]
    [InlineData(PanelEventKind.ZoneViolation, false)]
    [InlineData(PanelEventKind.Access, false)]
    public void Restores_and_other_panel_events_raise_no_alarm(PanelEventKind panelEvent, bool restore) =>
        Assert.Null(AlarmKinds.For(panelEvent, restore));
}
