using Domain.Panels;
using static Domain.Tests.Panels.PanelExamples;

namespace Domain.Tests.Panels;

/// <summary>What Evolve derives from recorded panel events: arm state, zones, troubles and connection.</summary>
public sealed class PanelStateTests
{
    private static PanelEventRecorded Violation(string index, int zone, bool restore = false) =>
        Recorded(index, PanelEventKind.ZoneViolation, 99, restore, zone: zone);

    private static PanelEventRecorded AcLoss(string index, bool restore = false, int? source = null) =>
        Recorded(index, PanelEventKind.Trouble, 301, restore, partition: null, source: source, description: "AC supply trouble");

    private static readonly PanelEventRecorded BatteryLow =
        Recorded("000010", PanelEventKind.Trouble, 302, partition: null, description: "Low battery voltage");

    [Fact]
    public void Arm_state_is_unknown_until_the_panel_reports_arming_or_disarming() =>
        Specs.Panel.Given(Registered).ThenState(s => Assert.Equal(PartitionArmState.Unknown, s.Partitions[1].ArmState));

    [Fact]
    public void Arm_state_follows_arm_and_disarm_per_partition() =>
        Specs.Panel
            .Given(Registered, Armed("000001", 1), Armed("000002", 2), Disarmed("000003", 2))
            .ThenState(s =>
            {
                Assert.Equal(PartitionArmState.Armed, s.Partitions[1].ArmState);
                Assert.Equal(PartitionArmState.Disarmed, s.Partitions[2].ArmState);
            });

    [Fact]
    public void A_zone_is_violated_until_its_restore() =>
        Specs.Panel
            .Given(Registered, Violation("000001", 1), Violation("000002", 2), Violation("000003", 2, restore: true),
                Violation("000004", 3), Recorded("000005", PanelEventKind.ZoneRestore, 99, restore: true, zone: 3))
            .ThenState(s => Assert.Equal([1], s.Zones.Where(z => z.Value.Violated).Select(z => z.Key)));

    [Fact]
    public void A_tamper_sets_tamper_and_alarm_memory_and_its_restore_ends_only_the_tamper() =>
        Specs.Panel
            .Given(Registered, Recorded("000001", PanelEventKind.Tamper, 144, zone: 2),
                Recorded("000002", PanelEventKind.Tamper, 144, restore: true, zone: 2))
            .ThenState(s => Assert.Equal(new ZoneStatus("Hall motion", 1, false, false, false, true), s.Zones[2]));

    [Fact]
    public void A_burglary_alarm_puts_the_partition_in_alarm_and_the_zone_in_alarm_memory() =>
        Specs.Panel
            .Given(Registered, Armed("000001", 1), Recorded("000002", PanelEventKind.BurglaryAlarm, 130, zone: 1))
            .ThenState(s =>
            {
                Assert.True(s.Partitions[1].InAlarm);
                Assert.False(s.Partitions[2].InAlarm);
                Assert.True(s.Zones[1].AlarmMemory);
            });

    [Fact]
    public void Clearing_the_alarm_of_a_partition_clears_its_zones_alarm_memory_only() =>
        Specs.Panel
            .Given(Registered,
                Recorded("000001", PanelEventKind.BurglaryAlarm, 130, zone: 1),
                Recorded("000002", PanelEventKind.BurglaryAlarm, 130, partition: 2, zone: 3),
                Recorded("000003", PanelEventKind.AlarmCleared, 406, partition: 1, user: 3))
            .ThenState(s =>
            {
                Assert.False(s.Partitions[1].InAlarm);
                Assert.False(s.Zones[1].AlarmMemory);
                Assert.True(s.Partitions[2].InAlarm);
                Assert.True(s.Zones[3].AlarmMemory);
            });

    [Fact]
    public void A_zone_is_bypassed_until_unbypassed_either_way_the_panel_reports_it() =>
        Specs.Panel
            .Given(Registered,
                Recorded("000001", PanelEventKind.Bypass, 570, zone: 1),
                Recorded("000002", PanelEventKind.Bypass, 570, zone: 2),
                Recorded("000003", PanelEventKind.Bypass, 570, zone: 3),
                Recorded("000004", PanelEventKind.Bypass, 570, restore: true, zone: 2),
                Recorded("000005", PanelEventKind.Unbypass, 570, restore: true, zone: 3))
            .ThenState(s => Assert.Equal([1], s.Zones.Where(z => z.Value.Bypassed).Select(z => z.Key)));

    [Fact]
    public void Troubles_last_until_restored() =>
        Specs.Panel
            .Given(Registered, AcLoss("000001"), BatteryLow, AcLoss("000011", restore: true))
            .ThenState(s => Assert.Equal([new PanelTrouble(302, null, "Low battery voltage", PanelTime)], s.Troubles));

    [Fact]
    public void A_trouble_restore_kind_ends_the_trouble_too() =>
        Specs.Panel
            .Given(Registered, AcLoss("000001"),
                Recorded("000002", PanelEventKind.TroubleRestore, 301, restore: true, partition: null))
            .ThenState(s => Assert.Empty(s.Troubles));

    [Fact]
    public void A_trouble_reported_again_keeps_the_time_it_started() =>
        Specs.Panel
            .Given(Registered, AcLoss("000001"), AcLoss("000002") with { PanelTime = PanelTime.AddHours(1) })
            .ThenState(s => Assert.Equal(PanelTime, Assert.Single(s.Troubles).Since));

    [Fact]
    public void The_same_trouble_from_two_sources_is_two_troubles() =>
        Specs.Panel
            .Given(Registered, AcLoss("000001"), AcLoss("000002", source: 129), AcLoss("000003", restore: true))
            .ThenState(s => Assert.Equal(129, Assert.Single(s.Troubles).Source));

    [Fact]
    public void A_panel_event_for_a_zone_not_registered_still_counts() =>
        Specs.Panel
            .Given(Registered, Violation("000001", 40) with { Partition = 2 })
            .ThenState(s => Assert.Equal(new ZoneStatus("", 2, true, false, false, false), s.Zones[40]));

    [Fact]
    public void Access_and_system_events_are_recorded_without_changing_partitions_or_zones() =>
        Specs.Panel
            .Given(Registered, Recorded("000001", PanelEventKind.Access, 422, user: 10),
                Recorded("000002", PanelEventKind.System, 305, partition: null))
            .ThenState(s =>
            {
                Assert.Equal(["000001", "000002"], s.RecordedEvents.Keys.Order());
                Assert.All(s.Partitions.Values, p => Assert.Equal(new PartitionStatus(p.Name, PartitionArmState.Unknown, false), p));
                Assert.All(s.Zones.Values, z => Assert.False(z.Violated || z.Tampered || z.Bypassed || z.AlarmMemory));
            });

    [Fact]
    public void Connection_follows_connected_lost_and_restored() =>
        Specs.Panel
            .Given(Registered, Connected, Lost)
            .ThenState(s => Assert.Equal(PanelConnectionStatus.CommunicationLost, s.Connection));

    [Fact]
    public void Connection_is_back_after_a_restore() =>
        Specs.Panel
            .Given(Registered, Connected, Lost, new PanelCommunicationRestored(PanelId, T0.AddMinutes(20)))
            .ThenState(s => Assert.Equal(PanelConnectionStatus.Connected, s.Connection));
}
