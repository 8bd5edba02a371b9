using Domain;
using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;

namespace Bench.Projections;

/// <summary>One panel's year, as the ingest and the operators would have recorded it.</summary>
/// <param name="PanelEvents">The panel stream, in time order, starting with panel_registered and panel_connected.</param>
/// <param name="Alarms">One list per alarm stream, each starting with alarm_raised.</param>
public sealed record PanelYear(string PanelId, IReadOnlyList<object> PanelEvents, IReadOnlyList<IReadOnlyList<object>> Alarms)
{
    public int Count => PanelEvents.Count + Alarms.Sum(a => a.Count);
}

/// <summary>
/// A simulated fleet's year of domain events, deterministic for a seed. Per panel and year, roughly: an arm and a
/// disarm on most days (the bulk, as in a real station's log), a few zone violations, ~10 troubles with their
/// restores, ~12 communication losses with their restores, ~40 alarms (acknowledged by the operator on duty after a
/// log-normal delay, a quarter dispatched, some escalated or repeated, nearly all resolved) and a few remote
/// commands. Operators work three shifts (06–14, 14–22, 22–06 UTC), eight per shift, five on duty each day.
/// </summary>
public sealed class FleetHistory(DateTimeOffset start, int days, int seed)
{
    public const int Operators = 24;
    private static readonly string[] TroubleNames = ["AC loss", "Low battery", "Phone line trouble", "Expander tamper"];
    private static readonly AlarmKind[] Kinds = [AlarmKind.Burglary, AlarmKind.Burglary, AlarmKind.Burglary, AlarmKind.Fire, AlarmKind.Tamper,
        AlarmKind.Panic, AlarmKind.Trouble, AlarmKind.Trouble];

    public DateTimeOffset Start { get; } = start;
    public DateTimeOffset End => Start.AddDays(days);

    public static string Operator(int i) => $"op-{i + 1:D2}";

    public static SiteRegistered Site(string siteId, string tenant, int i, DateTimeOffset at) =>
        new(siteId, $"Obiekt {i:D4}, ul. Długa {i % 200 + 1}", new SiteAddress($"Długa {i % 200 + 1}", "00-001", "Łódź", "PL"), tenant,
            [new SiteContact(1, "Właściciel", "+48 600 000 000")], "", at);

    /// <summary>The panel's year; <paramref name="index"/> seeds its randomness, so a run is reproducible.</summary>
    public PanelYear Panel(string siteId, int index, double armingShare)
    {
        var rng = new Random(HashCode.Combine(seed, index));
        var panelId = StreamIds.Panel(new Guid(rng.NextBytes16()));
        var events = new List<(DateTimeOffset At, object Event)>();
        var registered = Start.AddMinutes(rng.Next(0, 600));
        var logIndex = 0;
        PanelEventRecorded Recorded(DateTimeOffset at, int code, PanelEventKind kind, PanelEventClass cls, bool restore, int? partition, int? zone, int? user, int? source, string text) =>
            new(panelId, (++logIndex & 0xFFFFFF).ToString("X6"), PanelClock(at), code, restore, cls, kind, partition, zone, user, source, text, at);

        for (var day = 0; day < days; day++)
        {
            var midnight = Start.AddDays(day);
            if (rng.NextDouble() < armingShare)
            {
                var disarm = midnight.AddHours(6.5 + rng.NextDouble() * 2);
                var arm = midnight.AddHours(17 + rng.NextDouble() * 4);
                if (disarm > registered) events.Add((disarm, Recorded(disarm, 201, PanelEventKind.Disarm, PanelEventClass.Arming, false, 1, null, rng.Next(1, 6), rng.Next(1, 6), "Disarmed")));
                if (arm > registered) events.Add((arm, Recorded(arm, 200, PanelEventKind.Arm, PanelEventClass.Arming, false, 1, null, rng.Next(1, 6), rng.Next(1, 6), "Armed")));
            }
            if (rng.NextDouble() < 0.06)
            {
                var at = midnight.AddSeconds(rng.Next(86_400));
                var zone = rng.Next(1, 17);
                events.Add((at, Recorded(at, 500, PanelEventKind.ZoneViolation, PanelEventClass.ZoneAlarms, false, 1, zone, null, zone, "Zone violation")));
                events.Add((at.AddSeconds(30), Recorded(at.AddSeconds(30), 501, PanelEventKind.ZoneRestore, PanelEventClass.ZoneAlarms, false, 1, zone, null, zone, "Zone restore")));
            }
        }
        var clockEnd = End;
        for (var i = 0; i < 10; i++) // troubles: minutes to two days, a few reported twice
        {
            var at = Between(rng, registered, clockEnd);
            var (code, source) = (100 + rng.Next(TroubleNames.Length), rng.Next(1, 3));
            var name = TroubleNames[code - 100];
            events.Add((at, Recorded(at, code, PanelEventKind.Trouble, PanelEventClass.Troubles, false, null, null, null, source, name)));
            var restored = at.AddSeconds(LogNormal(rng, 3_600, 1.5));
            if (rng.NextDouble() < 0.2) events.Add((at.AddSeconds(5), Recorded(at.AddSeconds(5), code, PanelEventKind.Trouble, PanelEventClass.Troubles, false, null, null, null, source, name)));
            if (restored < clockEnd) events.Add((restored, Recorded(restored, code, PanelEventKind.TroubleRestore, PanelEventClass.Troubles, false, null, null, null, source, name + " restore")));
        }
        for (var i = 0; i < 12; i++) // communication losses: a minute to several hours
        {
            var at = Between(rng, registered.AddMinutes(1), clockEnd);
            events.Add((at, new PanelCommunicationLost(panelId, rng.NextDouble() < 0.7 ? "no answer" : "connection refused", at)));
            var back = at.AddSeconds(LogNormal(rng, 900, 1.3));
            if (back < clockEnd) events.Add((back, new PanelCommunicationRestored(panelId, back)));
        }
        for (var i = 0; i < 4; i++) // remote commands from operators
        {
            var at = Between(rng, registered, clockEnd);
            var request = $"req-{index}-{i}";
            var action = (PanelControlAction)rng.Next(4);
            events.Add((at, new PanelControlRequested(panelId, request, OnDuty(rng, at), action,
                action is PanelControlAction.Arm or PanelControlAction.ForceArm ? ArmMode.Full : null, [1], at)));
            var r = rng.NextDouble();
            var answered = at.AddSeconds(1 + rng.NextDouble() * 4);
            events.Add((answered, r < 0.8 ? new PanelControlAccepted(panelId, request, answered)
                : r < 0.95 ? new PanelControlRefused(panelId, request, "can not arm", answered) : new PanelControlTimedOut(panelId, request, at.AddSeconds(30))));
        }
        events.Sort((a, b) => a.At.CompareTo(b.At)); // stable enough: equal instants keep no meaning for any read model
        var stream = new List<object>(events.Count + 2)
        {
            new PanelRegistered(panelId, siteId, PanelModel.Integra64Plus, $"10.{index / 65536 % 256}.{index / 256 % 256}.{index % 256}", 7094,
                [new(1, "Strefa 1")], [new(1, "Wejście", 1)], null, registered),
            new PanelConnected(panelId, registered.AddSeconds(5)),
        };
        stream.AddRange(events.Select(e => e.Event));
        return new PanelYear(panelId, stream, Alarms(rng, siteId, panelId, registered));
    }

    private List<IReadOnlyList<object>> Alarms(Random rng, string siteId, string panelId, DateTimeOffset registered)
    {
        var alarms = new List<IReadOnlyList<object>>();
        for (var i = 0; i < 40; i++)
        {
            var id = StreamIds.Alarm(new Guid(rng.NextBytes16()));
            var raised = Between(rng, registered.AddMinutes(1), End);
            var kind = Kinds[rng.Next(Kinds.Length)];
            var alarm = new List<object> { new AlarmRaised(id, siteId, panelId, kind, AlarmPriorities.For(kind), 1, rng.Next(1, 17), $"t-{i}", raised) };
            if (rng.NextDouble() < 0.15) alarm.Add(new AlarmRepeated(id, $"t-{i}-r", raised.AddSeconds(20)));
            var acknowledged = raised.AddSeconds(LogNormal(rng, 35, 0.8));
            if (acknowledged >= End) { alarms.Add(alarm); continue; } // still waiting for an operator
            if ((acknowledged - raised).TotalSeconds > 120) alarm.Add(new AlarmEscalated(id, raised.AddSeconds(120), raised.AddSeconds(121)));
            var op = OnDuty(rng, acknowledged);
            alarm.Add(new AlarmAcknowledged(id, op, acknowledged));
            var at = acknowledged;
            if (rng.NextDouble() < 0.25)
            {
                at = at.AddSeconds(60 + rng.Next(120));
                alarm.Add(new AlarmDispatched(id, op, (DispatchTarget)rng.Next(3), "Patrol 7", at));
            }
            if (rng.NextDouble() < 0.2) alarm.Add(new AlarmNoteAdded(id, $"n-{i}", op, "Klient powiadomiony", at.AddSeconds(30)));
            var resolved = at.AddSeconds(LogNormal(rng, 480, 0.9));
            if (resolved < End)
                alarm.Add(new AlarmResolved(id, op, rng.NextDouble() < 0.7 ? AlarmOutcome.FalseAlarm : (AlarmOutcome)rng.Next(4), "", resolved));
            alarms.Add(alarm);
        }
        return alarms;
    }

    /// <summary>An operator of the shift on duty at <paramref name="at"/>: eight per shift, five of them work each day.</summary>
    private static string OnDuty(Random rng, DateTimeOffset at)
    {
        var shiftStart = at.AddHours(-6);
        var shift = shiftStart.Hour / 8;
        var dayNumber = (int)(shiftStart.UtcDateTime.Date - DateTime.UnixEpoch).TotalDays;
        return Operator(shift * 8 + (dayNumber + rng.Next(5)) % 8);
    }

    private static DateTimeOffset Between(Random rng, DateTimeOffset from, DateTimeOffset to) =>
        from.AddSeconds(rng.NextDouble() * Math.Max(1, (to - from).TotalSeconds));

    private static double LogNormal(Random rng, double median, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return Math.Round(median * Math.Exp(sigma * normal), 3);
    }

    private static DateTime PanelClock(DateTimeOffset t) => DateTime.SpecifyKind(t.UtcDateTime.AddHours(1), DateTimeKind.Unspecified);
}

internal static class RandomBytes
{
    public static byte[] NextBytes16(this Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return bytes;
    }
}
