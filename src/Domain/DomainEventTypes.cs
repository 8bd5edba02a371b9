using Domain.Alarms;
using Domain.Panels;
using Domain.Sites;

namespace Domain;

/// <summary>
/// Every domain event type with its pinned stored name, for registration in the event store's registry.
/// A stored name is a contract: renaming a class never changes it.
/// </summary>
public static class DomainEventTypes
{
    public static IReadOnlyList<(Type Type, string StoredName)> All { get; } =
        [.. SiteEventTypes.All, .. PanelEventTypes.All, .. AlarmEventTypes.All];
}
