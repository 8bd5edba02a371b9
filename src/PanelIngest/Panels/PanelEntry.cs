namespace PanelIngest.Panels;

/// <summary>
/// A panel as the <c>panel_directory</c> view lists it: where its ETHM-1 module is and whether its integration is
/// encrypted (<paramref name="IntegrationKeyRef"/> set). The key itself is in the ingest's secrets, never here.
/// </summary>
public sealed record PanelEntry(string PanelId, string SiteId, string Model, string Host, int Port, string? IntegrationKeyRef, bool Decommissioned)
{
    /// <summary>Whether a running session must restart to use this entry instead of <paramref name="running"/>.</summary>
    public bool ConnectsDifferentlyFrom(PanelEntry running) =>
        Host != running.Host || Port != running.Port || IntegrationKeyRef != running.IntegrationKeyRef || Model != running.Model;
}
