namespace EventStore.Projections;

/// <summary>
/// A read model and the code that builds it from events. The daemon (async) or the append (inline) calls
/// <see cref="ApplyAsync"/> with events in log order inside a transaction that also records its progress, so
/// each event is applied exactly once. Applying must depend only on the events, so that a rebuild from zero gives
/// the same read model.
/// </summary>
public abstract class Projection
{
    /// <summary>A unique, stable name (letters, digits, underscores): it keys progress and table names.</summary>
    public abstract string Name { get; }

    /// <summary>The stored event type names this projection reads; null for all. Filtering happens in SQL.</summary>
    public virtual IReadOnlyCollection<string>? EventTypes => null;

    /// <summary>
    /// The read model's tables. Each is created per generation as <c>{name}_g{n}</c>, and a view <c>{name}</c>
    /// always points at the live generation: readers query the view, so a rebuild can switch atomically.
    /// </summary>
    public abstract IReadOnlyList<ProjectionTable> Tables { get; }

    /// <summary>False to receive raw JSON only (<see cref="StoredEvent.Data"/> null): faster for projections that need no data.</summary>
    public virtual bool DeserializeEvents => true;

    /// <summary>What the daemon does with an event that keeps failing.</summary>
    public virtual PoisonEventPolicy PoisonEventPolicy => PoisonEventPolicy.Stop;

    /// <summary>Applies a batch of events (in (transaction, position) order) inside <paramref name="context"/>'s transaction.</summary>
    public abstract Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct);
}

/// <summary>A read-model table.</summary>
/// <param name="Name">The table's (and its view's) name.</param>
/// <param name="Ddl">Creates the table, naming it <c>{table}</c>, with the keys and indexes that applying events needs.</param>
/// <param name="ReadIndexes">
/// Indexes on <c>{table}</c> that only readers use (reports' orderings and filters), never applying. A new generation
/// with a live one serving reads (a rebuild) creates them after its catch-up, just before the switch: one sorted
/// build per index instead of an index entry per row (and per non-HOT update) throughout the catch-up.
/// </param>
public sealed record ProjectionTable(string Name, string Ddl, string? ReadIndexes = null);

/// <summary>What to do with an event whose application keeps failing after retries.</summary>
public enum PoisonEventPolicy
{
    /// <summary>Stop this projection and record the error in its progress row; others keep running.</summary>
    Stop,
    /// <summary>Record the event and the error in <c>projection_dead_letters</c>, skip it, go on.</summary>
    SkipAndRecord,
}
