using System.Security.Cryptography;
using System.Text;
using Domain;
using Domain.Alarms;
using EventStore;
using Host.Alarms.Escalating;
using Messaging;

namespace Host.Alarms.RaisingAlarms;

/// <summary>
/// Carries out a <see cref="RaiseAlarm"/> from the policy inside the unit of work that recorded the panel fact:
/// the zone's open alarm gets a repeat, otherwise a new alarm is raised, its slot claimed and its escalation
/// scheduled — all in the same transaction as the panel fact, so a crash leaves either all of it or none.
/// </summary>
internal static class AlarmRaiser
{
    /// <param name="schema">The store's schema (where the slots are).</param>
    public static async Task RaiseAsync(MessageContext context, string schema, RaiseAlarm raise, CancellationToken ct)
    {
        var session = context.Session;
        var open = await OpenAlarmSlots.FindAsync(session, schema, raise.PanelId, raise.Kind, raise.Partition, raise.Zone, ct);
        if (open is not null)
        {
            var current = await LoadAsync(session, open, ct);
            if (current.State.Status == AlarmStatus.Open)
            {
                await AppendAsync(context, current, raise with { AlarmId = open }, ct);
                return;
            }
        }

        // A new alarm's id is derived from the trigger: a unit of work that runs again after a crash or a conflict
        // arrives at the same alarm, never at a twin.
        var alarmId = AlarmIdFor(raise.TriggerId);
        var fresh = await LoadAsync(session, alarmId, ct);
        var raised = await AppendAsync(context, fresh, raise with { AlarmId = alarmId }, ct);
        await OpenAlarmSlots.ClaimAsync(session, schema, raise.PanelId, raise.Kind, raise.Partition, raise.Zone, alarmId, ct);
        if (raised.OfType<AlarmRaised>().FirstOrDefault() is { } alarm)
        {
            var due = AlarmState.Evolve(AlarmState.Initial, alarm).AcknowledgementDue;
            context.Send(new AlarmAcknowledgementDue(alarmId, due), orderingKey: null, deliverAt: due);
        }
    }

    /// <summary>A stable alarm id for a trigger (a name-based id: the first 16 bytes of its SHA-256).</summary>
    public static string AlarmIdFor(string triggerId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(triggerId), hash);
        return StreamIds.Alarm(new Guid(hash[..16]));
    }

    private static Task<Aggregate<AlarmState>> LoadAsync(EventStoreSession session, string alarmId, CancellationToken ct) =>
        session.AggregateAsync(alarmId, AlarmState.Initial, (s, e) => e is AlarmEvent a ? AlarmState.Evolve(s, a) : s, ct: ct);

    private static async Task<IReadOnlyList<AlarmEvent>> AppendAsync(MessageContext context, Aggregate<AlarmState> current, RaiseAlarm raise, CancellationToken ct)
    {
        var events = AlarmDecider.Decide(raise, current.State);
        if (events.Count == 0) return events;
        var expected = current.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(current.Version);
        var metadata = context.EventMetadata;
        await context.Session.AppendAsync(raise.AlarmId, AlarmStreams.StreamType, expected, events.Select(e => new NewEvent(e, metadata)).ToArray(), ct);
        return events;
    }
}
