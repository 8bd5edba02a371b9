using Domain.Panels;
using EventStore;
using Host.Infrastructure;

namespace Host.Panels;

/// <summary>What the panel slices share: the stream type, and the tenant check every panel request makes.</summary>
internal static class PanelStreams
{
    public const string StreamType = "panel";

    /// <summary>
    /// The registered (or decommissioned) panel, if it is at a site of the caller's tenant. Another tenant's panel is reported as not
    /// found: its existence is not disclosed. A panel never moves to another site, so the check holds for a write
    /// decided afterwards.
    /// </summary>
    public static async Task<Aggregate<PanelState>> LoadOwnedPanelAsync(this CommandExecutor commands, string panelId, RequestContext request, CancellationToken ct)
    {
        var panel = await commands.LoadAsync<PanelState, PanelEvent>(panelId, PanelState.Initial, PanelState.Evolve, ct);
        return panel is { State.Status: not PanelStatus.NotRegistered } && await commands.IsSiteOfCallerAsync(panel.State.SiteId, request, ct)
            ? panel
            : throw new NotFoundException($"Panel {panelId}");
    }
}
