using PanelIngest.Protocol;

namespace PanelIngest.Translation;

/// <summary>What one walk of the event log found.</summary>
/// <param name="NewRecords">Records not ingested yet, oldest first (panel order).</param>
/// <param name="Gap">The log no longer reaches back to <paramref name="From"/>: records after it may be lost.</param>
/// <param name="From">The position the walk started from (null on first contact).</param>
/// <param name="Newest">The newest record in the log, if it holds any.</param>
public sealed record LogWalk(IReadOnlyList<EventRecordAnswer> NewRecords, bool Gap, LogPosition? From, EventRecordAnswer? Newest)
{
    /// <summary>
    /// Where the ingest stands once these records are durable: at the newest record (even one skipped on first
    /// contact). A log found empty after a gap (cleared) leaves no position: the next record is a first contact.
    /// </summary>
    public LogPosition? To => Newest is not null ? LogPosition.Of(Newest) : Gap ? null : From;

    /// <summary>Whether there is anything to make durable: new records, a gap, or a first position.</summary>
    public bool Moved => To != From || Gap;
}

/// <summary>
/// Walks a panel's event log back from the newest record to the last one ingested (0x8C with FF FF FF, then with
/// each returned index; PROTOCOL.md §3.4) and returns the new records oldest first. Indices are opaque: the walk
/// only compares them. It never invents a record: when the stored position cannot be found it reports a gap.
/// </summary>
public static class EventLogWalker
{
    /// <param name="read">Reads the record before an index (0x8C); <see cref="EventLogIndex.Newest"/> gives the newest.</param>
    /// <param name="from">The stored position; null on first contact, which reads up to <paramref name="initialBacklog"/> records.</param>
    /// <param name="maxWalk">How far back the stored position may be; further means the log wrapped past it.</param>
    public static async Task<LogWalk> WalkAsync(
        Func<EventLogIndex, CancellationToken, Task<EventRecordAnswer>> read, LogPosition? from, int maxWalk, int initialBacklog, CancellationToken ct)
    {
        var limit = from is null ? initialBacklog : maxWalk;
        var found = new List<EventRecordAnswer>();
        var gap = false;
        EventRecordAnswer? newest = null;
        var index = EventLogIndex.Newest;
        while (true)
        {
            var answer = await read(index, ct);
            if (!answer.Record.NotEmpty)
            {
                // The start of the log (Z = 0): everything the panel still holds has been read.
                gap = from is not null;
                break;
            }
            newest ??= answer;
            if (from is not null && !gap && answer.Previous == from.Index)
            {
                if (RecordFingerprint.Of(answer.Record) == from.Fingerprint)
                    break; // the last record we ingested: everything after it is in hand
                // The index came round again with another record: the log wrapped over our position. Every record
                // it still holds is new to us, so the walk goes on to the start of the log; what was overwritten is gone.
                gap = true;
            }
            if (found.Count >= limit)
            {
                gap |= from is not null; // on first contact, reading only a backlog is a choice, not a loss
                break;
            }
            found.Add(answer);
            if (from is null && found.Count >= limit)
                break;
            index = answer.Previous;
        }
        found.Reverse();
        return new LogWalk(found, gap, from, newest);
    }
}
