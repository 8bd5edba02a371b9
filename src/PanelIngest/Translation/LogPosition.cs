using PanelIngest.Protocol;

namespace PanelIngest.Translation;

/// <summary>
/// Where a panel's ingest stands: the index of the last event-log record made durable, and that record's
/// fingerprint. The index alone is not enough: once the log wraps the panel reuses indices, and the fingerprint tells
/// the record we stored from a newer one at the same index.
/// </summary>
public sealed record LogPosition(EventLogIndex Index, string Fingerprint)
{
    /// <summary>The position of <paramref name="answer"/>'s record.</summary>
    public static LogPosition Of(EventRecordAnswer answer) => new(answer.Previous, RecordFingerprint.Of(answer.Record));
}

/// <summary>A record's fingerprint: its 8 bytes as hex, without what the panel changes later.</summary>
public static class RecordFingerprint
{
    /// <summary>
    /// The record's bytes with the monitoring-station status bits (S1, S2 in byte 1) cleared: the panel updates them
    /// when it reports the event to a station, after we may have read it, and that must not look like another record.
    /// </summary>
    public static string Of(EventRecord record)
    {
        Span<byte> bytes = stackalloc byte[EventRecord.Length];
        record.WriteTo(bytes);
        bytes[0] &= 0xF0;
        return Convert.ToHexString(bytes);
    }
}
