namespace Audit.Verifying;

/// <summary>What verification can find. The chain cannot tell every insertion from an alteration: see docs/audit.md.</summary>
internal enum FindingKind { Altered, Deleted, Inserted }

/// <summary>One finding: the first broken place in one stream (the rest of that stream is not checked further).</summary>
internal sealed record Finding(FindingKind Kind, string StreamId, long Version, long? Position, string Detail);
