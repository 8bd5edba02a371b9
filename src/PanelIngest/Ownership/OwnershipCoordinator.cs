using EventStore.Diagnostics;
using Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PanelIngest.Control;
using PanelIngest.Hosting;
using PanelIngest.Metrics;
using PanelIngest.Panels;
using PanelIngest.Transport;

namespace PanelIngest.Ownership;

/// <summary>
/// Decides which panels this instance talks to, and runs their sessions. Each round it renews its leases (a session
/// whose lease was lost stops at once), reads the panel directory, releases panels decommissioned or above its
/// share, takes free ones up to its share, restarts sessions whose connection settings changed, and hands control
/// requests to the sessions of the panels it owns. If it cannot renew for longer than a lease lasts minus one round,
/// it stops every session: it can no longer prove ownership, and another instance may already be connecting.
/// </summary>
public sealed class OwnershipCoordinator(
    IngestOptions options, LeaseStore leases, PanelDirectoryReader directory, ControlRequestStore controls, MessageBus bus,
    SessionServices sessionServices, IngestMetrics metrics, TimeProvider clock, ILogger<OwnershipCoordinator> logger) : BackgroundService
{
    private readonly Dictionary<string, PanelSession> sessions = [];
    private IReadOnlyList<PanelEntry> panels = [];
    private DateTimeOffset nextRenew, nextDirectory, nextControls, nextExpiry;
    private long lastRenewed = clock.GetTimestamp();
    // A database outage fails every round (twice a second): one warning with the stack trace, then a line every 30 s.
    private readonly OutageReporter outage = new(logger, "Panel ownership");

    /// <summary>The panels this instance owns now (a snapshot, for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> OwnedPanels { get { lock (sessions) return [.. sessions.Keys]; } }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var tick = options.LeaseRenewInterval < options.ControlPollInterval ? options.LeaseRenewInterval : options.ControlPollInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(ct);
                outage.Recovered();
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                outage.Failed(e, "an ownership round (leases, directory, control requests)");
                if (clock.GetElapsedTime(lastRenewed) > options.LeaseDuration - options.LeaseRenewInterval)
                    await StopSessionsAsync(OwnedPanels, "leases could not be renewed");
            }
            try { await Task.Delay(tick, clock, ct); } catch (OperationCanceledException) { break; }
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now >= nextRenew)
        {
            nextRenew = now + options.LeaseRenewInterval;
            await RebalanceAsync(now, ct);
        }
        if (now >= nextControls)
        {
            nextControls = now + options.ControlPollInterval;
            foreach (var pending in await controls.ReadForAsync(OwnedPanels, ct))
                lock (sessions)
                    if (sessions.TryGetValue(pending.Request.PanelId, out var session)) session.Enqueue(pending);
        }
        if (now >= nextExpiry)
        {
            nextExpiry = now + TimeSpan.FromSeconds(Math.Min(5, options.ControlExpiry.TotalSeconds / 4));
            await bus.InvokeAsync(new ExpireControlRequests(options.ControlExpiry, now), ct: ct);
        }
    }

    private async Task RebalanceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var live = await leases.HeartbeatAsync(options.NodeId, options.NodeTimeout, ct);
        var held = await leases.RenewAsync(options.NodeId, OwnedPanels, options.LeaseDuration, ct);
        lastRenewed = started;
        List<string> lost;
        lock (sessions) lost = sessions.Where(s => !held.Contains(s.Key) || s.Value.LeaseLost).Select(s => s.Key).ToList();
        await StopSessionsAsync(lost, "lease lost");

        if (now >= nextDirectory)
        {
            nextDirectory = now + options.DirectoryRefreshInterval;
            panels = await directory.ReadAsync(ct);
        }
        var active = panels.Where(p => !p.Decommissioned).ToDictionary(p => p.PanelId);
        var plan = OwnershipPlan.Make(active.Keys.ToHashSet(), OwnedPanels.ToHashSet(), await leases.HeldByOthersAsync(options.NodeId, ct), live, options.BalanceSlack);

        // The session closes its connection before the lease goes: the module must be free when another instance connects.
        await StopSessionsAsync(plan.Release, "released");
        await leases.ReleaseAsync(options.NodeId, plan.Release, ct);
        foreach (var panelId in await leases.AcquireAsync(options.NodeId, plan.Acquire, options.LeaseDuration, ct))
            StartSession(active[panelId]);

        List<PanelEntry> changed;
        lock (sessions) changed = sessions.Values.Select(s => s.Panel).Where(p => active.TryGetValue(p.PanelId, out var now2) && now2.ConnectsDifferentlyFrom(p)).ToList();
        foreach (var old in changed)
        {
            await StopSessionsAsync([old.PanelId], "connection settings changed");
            StartSession(active[old.PanelId]);
        }
        lock (sessions) metrics.Owned = sessions.Count;
    }

    private void StartSession(PanelEntry panel)
    {
        var session = new PanelSession(panel, sessionServices);
        lock (sessions) sessions[panel.PanelId] = session;
        session.Start();
        logger.LogInformation("Panel {PanelId}: owned by {Node}", panel.PanelId, options.NodeId);
    }

    private async Task StopSessionsAsync(IReadOnlyCollection<string> panelIds, string why)
    {
        var stopping = new List<PanelSession>();
        lock (sessions)
            foreach (var id in panelIds)
                if (sessions.Remove(id, out var session)) stopping.Add(session);
        if (stopping.Count == 0) return;
        await Task.WhenAll(stopping.Select(s => s.DisposeAsync().AsTask()));
        foreach (var s in stopping) logger.LogInformation("Panel {PanelId}: no longer owned here ({Why})", s.Panel.PanelId, why);
        lock (sessions) metrics.Owned = sessions.Count;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await StopSessionsAsync(OwnedPanels, "stopping");
        try
        {
            await leases.LeaveAsync(options.NodeId, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not give up leases at stop; they expire in {Duration}", options.LeaseDuration);
        }
    }
}
