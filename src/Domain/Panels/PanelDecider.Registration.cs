namespace Domain.Panels;

/// <summary>Registering a panel: its site, ETHM-1 module, partitions and zones.</summary>
public static partial class PanelDecider
{
    private static IReadOnlyList<PanelEvent> Register(RegisterPanel c)
    {
        if (string.IsNullOrWhiteSpace(c.SiteId))
            throw new DomainException("A panel must be at a site.");
        ValidateConnection(c.Host, c.Port, c.IntegrationKeyRef);
        ValidatePartitions(c);
        ValidateZones(c);
        return
        [
            new PanelRegistered(
                c.PanelId, c.SiteId, c.Model, c.Host, c.Port,
                [.. c.Partitions.OrderBy(p => p.Number)], [.. c.Zones.OrderBy(z => z.Number)], c.IntegrationKeyRef, c.Now),
        ];
    }

    private static void ValidatePartitions(RegisterPanel c)
    {
        if (c.Partitions.Count == 0)
            throw new DomainException("A panel must have at least one partition.");
        var max = PanelModelLimits.MaxPartitions(c.Model);
        if (c.Partitions.FirstOrDefault(p => p.Number < 1 || p.Number > max) is { } outside)
            throw new DomainException($"An {c.Model} has partitions 1–{max}; it has no partition {outside.Number}.");
        if (c.Partitions.GroupBy(p => p.Number).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DomainException($"Partition {twice.Key} is listed twice.");
    }

    private static void ValidateZones(RegisterPanel c)
    {
        var max = PanelModelLimits.MaxZones(c.Model);
        if (c.Zones.FirstOrDefault(z => z.Number < 1 || z.Number > max) is { } outside)
            throw new DomainException($"An {c.Model} has zones 1–{max}; it has no zone {outside.Number}.");
        if (c.Zones.GroupBy(z => z.Number).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DomainException($"Zone {twice.Key} is listed twice.");
        var partitions = c.Partitions.Select(p => p.Number).ToHashSet();
        if (c.Zones.FirstOrDefault(z => !partitions.Contains(z.Partition)) is { } orphan)
            throw new DomainException($"Zone {orphan.Number} is in partition {orphan.Partition}, which the panel does not have.");
    }

    /// <summary>A repeated registration is satisfied if it names what is already registered.</summary>
    private static bool IsSameRegistration(RegisterPanel c, PanelState state) =>
        c.SiteId == state.SiteId && c.Model == state.Model && c.Host == state.Host && c.Port == state.Port
        && c.IntegrationKeyRef == state.IntegrationKeyRef
        && c.Partitions.All(p => state.Partitions.TryGetValue(p.Number, out var known) && known.Name == p.Name)
        && c.Zones.All(z => state.Zones.TryGetValue(z.Number, out var known) && known.Name == z.Name && known.Partition == z.Partition);
}
