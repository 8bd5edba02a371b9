using Domain;
using Domain.Alarms;
using Domain.Panels;
using EventStore;

namespace Host.Tests.Reports;

/// <summary>
/// Two days in the life of one panel at a site, appended straight to the store as the ingest and the operators
/// would have produced them, starting at midnight UTC of <see cref="Day1"/>. The expected report numbers are worked
/// out in the comments, so the tests can check them.
/// </summary>
public sealed class ReportScenario(string siteId, DateTimeOffset day1)
{
    public string SiteId { get; } = siteId;
    public DateTimeOffset Day1 { get; } = day1;
    public string PanelId { get; } = StreamIds.Panel(Guid.CreateVersion7());
    public string BurglaryAlarm { get; } = StreamIds.Alarm(Guid.CreateVersion7());
    public string FireAlarm { get; } = StreamIds.Alarm(Guid.CreateVersion7());
    public string TamperAlarm { get; } = StreamIds.Alarm(Guid.CreateVersion7());

    private DateTimeOffset At(double hours) => Day1.AddHours(hours);

    private static DateTime PanelClock(DateTimeOffset t) => DateTime.SpecifyKind(t.UtcDateTime.AddHours(1), DateTimeKind.Unspecified); // CET

    private PanelEventRecorded Recorded(string index, double hours, int code, PanelEventKind kind, int? partition, int? user, int? source, string text, bool restore = false) =>
        new(PanelId, index, PanelClock(At(hours)), code, restore, kind is PanelEventKind.Arm or PanelEventKind.Disarm ? PanelEventClass.Arming : PanelEventClass.Troubles,
            kind, partition, null, user, source, text, At(hours));

    public async Task AppendAsync(PostgresEventStore store)
    {
        // Connectivity: day 1 online 01:00–10:00 and 12:00–24:00 (21 h), offline 10:00–12:00 (2 h): 21/23 = 91.30 %.
        // Day 2: online all day, 100 %.
        await store.AppendAsync(PanelId, "panel", ExpectedVersion.NoStream,
            new PanelRegistered(PanelId, SiteId, PanelModel.Integra64Plus, "10.0.0.7", 7094, [new(1, "Hala")], [new(3, "Brama", 1)], null, At(0)),
            new PanelConnected(PanelId, At(1)),
            // Troubles: AC loss on source 1 from 03:00 to 05:00 (reported twice: one occurrence); low battery from day 2 02:00, open.
            Recorded("000101", 3, 100, PanelEventKind.Trouble, null, null, 1, "AC loss"),
            Recorded("000102", 4, 100, PanelEventKind.Trouble, null, null, 1, "AC loss"),
            Recorded("000103", 5, 100, PanelEventKind.TroubleRestore, null, null, 1, "AC loss restore"),
            new PanelCommunicationLost(PanelId, "no answer", At(10)),
            new PanelCommunicationRestored(PanelId, At(12)),
            // Commands: an arm accepted after 2 s, a disarm refused, a clear alarm that timed out.
            new PanelControlRequested(PanelId, "req-1", "olga", PanelControlAction.Arm, ArmMode.Full, [1], At(20)),
            new PanelControlAccepted(PanelId, "req-1", At(20).AddSeconds(2)),
            new PanelControlRequested(PanelId, "req-2", "olga", PanelControlAction.Disarm, null, [1], At(20.5)),
            new PanelControlRefused(PanelId, "req-2", "user code not found", At(20.5).AddSeconds(1)),
            new PanelControlRequested(PanelId, "req-3", "piotr", PanelControlAction.ClearAlarm, null, [1, 2], At(21)),
            new PanelControlTimedOut(PanelId, "req-3", At(21).AddSeconds(30)),
            // Arming: user 5 arms partition 1 at 21:30; user 3 disarms it on day 2 at 07:00.
            Recorded("000201", 21.5, 200, PanelEventKind.Arm, 1, 5, 5, "Armed"),
            Recorded("000202", 31, 201, PanelEventKind.Disarm, 1, 3, 3, "Disarmed"),
            Recorded("000301", 26, 101, PanelEventKind.Trouble, null, null, 2, "Low battery"),
            Recorded("000302", 27, 500, PanelEventKind.ZoneViolation, 1, null, 3, "Zone violation")); // ignored by every report

        // Alarms: burglary at 14:00 acknowledged by olga after 30 s (shift 14–22), resolved false after 10 min;
        // fire at 23:00 acknowledged by piotr after 60 s (day 1's 22–06 shift), escalated, resolved real after 30 min;
        // tamper on day 2 at 03:00, still open, repeated twice.
        await store.AppendAsync(BurglaryAlarm, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(BurglaryAlarm, SiteId, PanelId, AlarmKind.Burglary, AlarmPriority.High, 1, 3, "t-1", At(14)),
            new AlarmAcknowledged(BurglaryAlarm, "olga", At(14).AddSeconds(30)),
            new AlarmDispatched(BurglaryAlarm, "olga", DispatchTarget.Patrol, "Patrol 7", At(14).AddMinutes(2)),
            new AlarmNoteAdded(BurglaryAlarm, "n-1", "olga", "cat", At(14).AddMinutes(5)),
            new AlarmResolved(BurglaryAlarm, "olga", AlarmOutcome.FalseAlarm, "cat", At(14).AddMinutes(10)));
        await store.AppendAsync(FireAlarm, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(FireAlarm, SiteId, PanelId, AlarmKind.Fire, AlarmPriority.Critical, 1, null, "t-2", At(23)),
            new AlarmEscalated(FireAlarm, At(23).AddSeconds(30), At(23).AddSeconds(31)),
            new AlarmAcknowledged(FireAlarm, "piotr", At(23).AddSeconds(60)),
            new AlarmResolved(FireAlarm, "piotr", AlarmOutcome.Real, "fire brigade", At(23).AddMinutes(30)));
        await store.AppendAsync(TamperAlarm, "alarm", ExpectedVersion.NoStream,
            new AlarmRaised(TamperAlarm, SiteId, PanelId, AlarmKind.Tamper, AlarmPriority.Medium, 1, 3, "t-3", At(27)),
            new AlarmRepeated(TamperAlarm, "t-4", At(27.1)),
            new AlarmRepeated(TamperAlarm, "t-5", At(27.2)));
    }
}
