namespace PanelIngest.Ownership;

/// <summary>What an instance should release and try to take in one round.</summary>
public sealed record OwnershipPlan(IReadOnlyList<string> Release, IReadOnlyList<string> Acquire, int Cap)
{
    /// <summary>
    /// Plans a round: release panels gone from the directory (or decommissioned) and any above the cap
    /// ceil(active / live instances) + slack; try to take free panels up to the cap. Correctness does not depend on
    /// the plan (leases do); it only keeps one instance from taking every panel while others are alive.
    /// </summary>
    /// <param name="active">Panels to monitor (in the directory, not decommissioned).</param>
    /// <param name="owned">Panels this instance holds.</param>
    /// <param name="heldByOthers">Panels with a live lease of another instance.</param>
    /// <param name="order">Shuffles the candidates, so instances starting together do not all reach for the same panels.</param>
    public static OwnershipPlan Make(IReadOnlySet<string> active, IReadOnlySet<string> owned, IReadOnlySet<string> heldByOthers,
        int liveInstances, int slack, Func<IEnumerable<string>, IEnumerable<string>>? order = null)
    {
        var cap = active.Count == 0 ? 0 : (active.Count + Math.Max(1, liveInstances) - 1) / Math.Max(1, liveInstances) + slack;
        var release = owned.Where(p => !active.Contains(p)).ToList();
        var kept = owned.Where(active.Contains).Order(StringComparer.Ordinal).ToList();
        if (kept.Count > cap)
        {
            release.AddRange(kept.Skip(cap));
            kept = kept.Take(cap).ToList();
        }
        var free = active.Where(p => !owned.Contains(p) && !heldByOthers.Contains(p));
        var acquire = (order ?? (ps => ps.OrderBy(_ => Random.Shared.Next())))(free).Take(Math.Max(0, cap - kept.Count)).ToList();
        return new OwnershipPlan(release, acquire, cap);
    }
}
