namespace Audit.Verifying;

/// <summary>What verification can find. The chain cannot tell every insertion from an alteration: see docs/audit.md.</summary>
internal enum FindingKind { Altered, Deleted, Inserted }

/// <summary>
/// One finding: the first broken place in one stream (the rest of that stream is not checked further).
/// <see cref="Order"/> places it in the log: its position, or for a deleted event the position where the gap was
/// seen; findings are reported in that order, so the first one reported is the earliest in the log.
/// </summary>
internal sealed record Finding(FindingKind Kind, string StreamId, long Version, long? Position, string Detail)
{
    public long Order { get; init; } = Position ?? long.MaxValue;
}
