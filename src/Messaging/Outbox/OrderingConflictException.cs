using EventStore;

namespace Messaging.Outbox;

/// <summary>
/// A transaction older than the last one that wrote messages with the same ordering key tried to write one: its
/// messages would be published before the other's although it commits after. Retry the unit of work.
/// </summary>
public sealed class OrderingConflictException(string key)
    : ConcurrencyException($"Another transaction wrote messages with ordering key '{key}' first; retry to keep commit order.")
{
    public string Key { get; } = key;
}
