using Audit.Infrastructure;
using EventStore;

namespace Audit.Verifying;

/// <summary>The stream row as verification sees it.</summary>
internal sealed record StreamRow(string Id, long Version, bool Tombstoned, byte[]? LastHash);

/// <summary>
/// Walks one stream's events in version order and checks the chain (docs/event-store.md, "Tamper evidence"):
/// versions 1..n without gaps, each stored hash equal to the one recomputed from the content and the predecessor,
/// and the stream row's version and head matching the last event. Events stored before the chain existed (null
/// hash, all before the first chained one) are counted as legacy, not failed.
/// </summary>
internal sealed class StreamCheck(StreamRow stream, AnchorEntry? anchor)
{
    private byte[] _prev = EventHashChain.Genesis.ToArray();
    private long _next = 1;
    private bool _chained;
    private long _lastPosition = long.MaxValue;

    public Finding? Finding { get; private set; }
    public long Legacy { get; private set; }
    public byte[]? Head => _chained ? _prev : null;

    public void Add(RawEvent e)
    {
        if (Finding is not null) return;
        if (e.Version > stream.Version)
        {
            Fail(FindingKind.Inserted, e, $"version {e.Version} is beyond the stream's version {stream.Version}");
            return;
        }
        if (e.Version != _next)
        {
            var missing = _next == e.Version - 1 ? $"version {_next} is missing" : $"versions {_next}..{e.Version - 1} are missing";
            Finding = new(FindingKind.Deleted, e.StreamId, _next, null, $"{missing} (the next stored event is at position {e.Position})") { Order = e.Position };
            return;
        }
        if (e.Hash is null)
        {
            if (_chained) { Fail(FindingKind.Altered, e, "its hash was removed (a chained stream has no unhashed events after the first hashed one)"); return; }
            Legacy++;
        }
        else
        {
            var expected = EventHashChain.Link(_prev, e.Version, e.Digest());
            if (!expected.AsSpan().SequenceEqual(e.Hash))
            {
                Fail(FindingKind.Altered, e, "its content, metadata or hash differs from what was chained at append time");
                return;
            }
            _prev = expected;
            _chained = true;
        }
        _lastPosition = e.Position;
        if (anchor is not null && e.Version == anchor.Version && !Convert.ToHexStringLower(_prev).Equals(anchor.Hash, StringComparison.Ordinal) && _chained)
            Fail(FindingKind.Altered, e, "the chain up to here differs from the anchor (history rewritten and re-hashed)");
        _next++;
    }

    /// <summary>Checks the end of the stream once all its events were added.</summary>
    public void Complete()
    {
        if (Finding is not null) return;
        var last = _next - 1;
        if (stream.Tombstoned && last > 0) { Finding = new(FindingKind.Inserted, stream.Id, 1, null, "a tombstoned stream has events") { Order = _lastPosition }; return; }
        if (stream.Tombstoned) return; // tombstoning deletes events by design; the row stays with its last version
        if (last < stream.Version)
        {
            Finding = new(FindingKind.Deleted, stream.Id, last + 1, null,
                last + 1 == stream.Version ? $"version {stream.Version} is missing" : $"versions {last + 1}..{stream.Version} are missing") { Order = _lastPosition };
            return;
        }
        if (_chained && (stream.LastHash is null || !stream.LastHash.AsSpan().SequenceEqual(_prev)))
            Finding = new(FindingKind.Altered, stream.Id, last, null, "the stream's head hash (streams.last_hash) does not match its last event") { Order = _lastPosition };
        else if (!_chained && stream.LastHash is not null)
            Finding = new(FindingKind.Altered, stream.Id, last, null, "the stream has a head hash but none of its events is hashed") { Order = _lastPosition };
        else if (anchor is not null && anchor.Version > last)
            Finding = new(FindingKind.Deleted, stream.Id, anchor.Version, null, $"the anchor saw version {anchor.Version}; the stream ends at {last}") { Order = _lastPosition };
    }

    private void Fail(FindingKind kind, RawEvent e, string detail) => Finding = new(kind, e.StreamId, e.Version, e.Position, detail);
}
