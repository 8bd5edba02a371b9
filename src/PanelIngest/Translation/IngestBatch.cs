using Contracts;

namespace PanelIngest.Translation;

/// <summary>
/// One durable step of a panel's ingest, handled in one transaction by <see cref="IngestBatchHandler"/>: the
/// messages go to the outbox and the panel's position moves from <paramref name="From"/> to <paramref name="To"/>,
/// both or neither. Only the instance holding the panel's lease (<paramref name="Owner"/>) may take the step.
/// </summary>
/// <param name="GapFrom">Set when the log wrapped past <paramref name="From"/>: a <see cref="PanelLogGapDetected"/> goes first.</param>
/// <param name="To">Null to forget the position (the log was found empty after a gap).</param>
public sealed record IngestBatch(
    string PanelId,
    string Owner,
    LogPosition? From,
    LogPosition? To,
    string? GapFrom,
    IReadOnlyList<PanelEventRead> Records,
    DateTimeOffset At);

/// <summary>The instance no longer holds the panel's lease: another one owns it now, and this one must stop.</summary>
public sealed class LeaseLostException(string panelId) : Exception($"The lease on panel {panelId} is held by another instance.")
{
    public string PanelId { get; } = panelId;
}

/// <summary>The stored position is not where this batch started: read it again and walk again.</summary>
public sealed class PositionMovedException(string panelId) : Exception($"The stored position of panel {panelId} moved under this batch.")
{
    public string PanelId { get; } = panelId;
}
