using Domain.Alarms;
using EventStore;
using EventStore.Schema;

namespace Host.Alarms.RaisingAlarms;

/// <summary>
/// Which alarm is open for a (panel, kind, partition, zone): the lookup that makes a new panel event for the zone a
/// repeat on its open alarm instead of a second alarm. Written in the alarm policy's own transaction, so it is never
/// behind the alarms it points to. A slot is not cleared when its alarm is resolved: the policy loads the alarm and
/// sees it resolved, so resolving (over HTTP, elsewhere) needs to know nothing about slots.
/// </summary>
internal static class OpenAlarmSlots
{
    public static async Task<string?> FindAsync(EventStoreSession session, string schema, string panelId, AlarmKind kind, int? partition, int? zone, CancellationToken ct)
    {
        // "for update": a concurrent policy for the same slot waits here, then sees the alarm this one raised.
        await using var cmd = session.CreateCommand(
            $"select alarm_id from {SchemaMigrator.Quote(schema)}.open_alarm_slots where panel_id = $1 and kind = $2 and partition = $3 and zone = $4 for update");
        AddKey(cmd, panelId, kind, partition, zone);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public static async Task ClaimAsync(EventStoreSession session, string schema, string panelId, AlarmKind kind, int? partition, int? zone, string alarmId, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand($"""
            insert into {SchemaMigrator.Quote(schema)}.open_alarm_slots (panel_id, kind, partition, zone, alarm_id) values ($1, $2, $3, $4, $5)
            on conflict (panel_id, kind, partition, zone) do update set alarm_id = excluded.alarm_id
            """);
        AddKey(cmd, panelId, kind, partition, zone);
        cmd.Parameters.Add(new() { Value = alarmId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddKey(Npgsql.NpgsqlCommand cmd, string panelId, AlarmKind kind, int? partition, int? zone)
    {
        cmd.Parameters.Add(new() { Value = panelId });
        cmd.Parameters.Add(new() { Value = (int)kind });
        cmd.Parameters.Add(new() { Value = partition ?? -1 });
        cmd.Parameters.Add(new() { Value = zone ?? -1 });
    }
}
