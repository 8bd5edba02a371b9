using System.Collections.Immutable;

namespace Domain.Alarms;

public enum AlarmStatus
{
    NotRaised = 0,
    Open = 1,
    Resolved = 2,
}

/// <summary>An alarm as folded from its stream.</summary>
public sealed record AlarmState(
    AlarmStatus Status,
    string AlarmId,
    string SiteId,
    string PanelId,
    AlarmKind Kind,
    AlarmPriority Priority,
    int? Partition,
    int? Zone,
    DateTimeOffset RaisedAt,
    string? AcknowledgedBy,
    bool Escalated,
    int Repeats,
    ImmutableHashSet<string> Triggers,
    ImmutableHashSet<DispatchTarget> Dispatches,
    ImmutableHashSet<string> NoteIds,
    AlarmOutcome? Outcome,
    TimeSpan? AcknowledgeWithin = null)
{
    public static readonly AlarmState Initial = new(
        AlarmStatus.NotRaised, "", "", "", AlarmKind.Burglary, AlarmPriority.Low, null, null, DateTimeOffset.MinValue,
        null, false, 0, [], [], [], null);

    /// <summary>When the alarm escalates if nobody has acknowledged it.</summary>
    public DateTimeOffset AcknowledgementDue => RaisedAt + (AcknowledgeWithin ?? AlarmDeadlines.For(Priority));

    /// <summary>Applies one event. Never throws: an event is a fact already stored.</summary>
    public static AlarmState Evolve(AlarmState state, AlarmEvent @event) => @event switch
    {
        AlarmRaised e => state with
        {
            Status = AlarmStatus.Open,
            AlarmId = e.AlarmId,
            SiteId = e.SiteId,
            PanelId = e.PanelId,
            Kind = e.Kind,
            Priority = e.Priority,
            Partition = e.Partition,
            Zone = e.Zone,
            RaisedAt = e.RaisedAt,
            AcknowledgeWithin = e.AcknowledgeWithin,
            Triggers = state.Triggers.Add(e.TriggerId),
        },
        AlarmRepeated e => state with { Repeats = state.Repeats + 1, Triggers = state.Triggers.Add(e.TriggerId) },
        AlarmAcknowledged e => state with { AcknowledgedBy = e.OperatorId },
        AlarmDispatched e => state with { Dispatches = state.Dispatches.Add(e.Target) },
        AlarmNoteAdded e => state with { NoteIds = state.NoteIds.Add(e.NoteId) },
        AlarmEscalated => state with { Escalated = true },
        AlarmResolved e => state with { Status = AlarmStatus.Resolved, Outcome = e.Outcome },
        _ => state,
    };
}
