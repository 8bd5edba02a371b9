using System.Threading.Channels;
using Contracts;
using Messaging;
using Microsoft.Extensions.Logging;
using PanelIngest.Control;
using PanelIngest.Hosting;
using PanelIngest.Metrics;
using PanelIngest.Panels;
using PanelIngest.Protocol;
using PanelIngest.Secrets;
using PanelIngest.Storage;
using PanelIngest.Translation;

namespace PanelIngest.Transport;

/// <summary>What a panel session needs from the process, shared by every session.</summary>
public sealed record SessionServices(
    IngestOptions Options, MessageBus Bus, PositionStore Positions, SecretStore Secrets, IngestMetrics Metrics, TimeProvider Clock, ILogger Logger);

/// <summary>
/// The ingest of one panel while this instance owns it: connect (busy check, versions, clock), then poll within the
/// module's idle limit, make new event-log records durable and carry out control requests, one request on the wire
/// at a time; reconnect after a fixed delay plus jitter; report the panel disconnected after
/// <see cref="IngestOptions.OfflineAfter"/> without contact and connected again on the next contact. One async loop,
/// no thread of its own.
/// </summary>
public sealed partial class PanelSession : IAsyncDisposable
{
    private readonly SessionServices services;
    private readonly IngestOptions options;
    private readonly Channel<PendingControl> controls = Channel.CreateUnbounded<PendingControl>();
    private readonly HashSet<string> queued = [];
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;
    private DateTimeOffset lastContact;
    private bool? reportedConnected;
    private bool connected;

    public PanelSession(PanelEntry panel, SessionServices services)
    {
        Panel = panel;
        this.services = services;
        options = services.Options;
    }

    /// <summary>The directory entry the session connects with.</summary>
    public PanelEntry Panel { get; }

    /// <summary>Ended by itself: it lost the lease and must not be restarted by this instance until it holds it again.</summary>
    public bool LeaseLost { get; private set; }

    /// <summary>Starts the loop.</summary>
    public void Start() => running = Task.Run(() => RunAsync(stop.Token));

    /// <summary>Queues a control request, unless it is queued already; they are carried out in the order queued.</summary>
    public void Enqueue(PendingControl control)
    {
        lock (queued)
            if (queued.Add(control.RequestId)) controls.Writer.TryWrite(control);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        lastContact = services.Clock.GetUtcNow();
        var reason = "not reached yet";
        var firstAttempt = true;
        while (!ct.IsCancellationRequested)
        {
            if (!firstAttempt) services.Metrics.Reconnect();
            firstAttempt = false;
            try
            {
                await ConnectedLoopAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (LeaseLostException)
            {
                LeaseLost = true;
                services.Logger.LogWarning("Panel {PanelId}: lease lost to another instance; stopping", Panel.PanelId);
                break;
            }
            catch (Exception e)
            {
                reason = e is PanelUnreachableException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                services.Logger.LogInformation("Panel {PanelId} ({Host}:{Port}): {Reason}", Panel.PanelId, Panel.Host, Panel.Port, reason);
            }
            finally
            {
                SetConnected(false);
            }
            try
            {
                await WaitBeforeReconnectAsync(reason, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away (reports and refusals go through it): wait the plain delay and try again.
                services.Logger.LogWarning(e, "Panel {PanelId}: reporting while disconnected failed", Panel.PanelId);
                try { await Task.Delay(options.ReconnectDelay, services.Clock, ct); } catch (OperationCanceledException) { break; }
            }
        }
    }

    private async Task ConnectedLoopAsync(CancellationToken ct)
    {
        var key = await IntegrationKeyAsync(ct);
        await using var connection = await PanelConnection.OpenAsync(Panel.Host, Panel.Port, key, options.ConnectTimeout, options.BusyProbe, services.Metrics, ct);
        var panel = await IdentifyAsync(connection, ct);
        await OnContactAsync(ct);
        var position = await services.Positions.ReadAsync(Panel.PanelId, ct);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await PollAsync(connection, ct);
            position = await IngestLogAsync(connection, panel, position, ct);
            await ExecuteControlsAsync(connection, ct);
            await WaitForNextPollAsync(ct);
        }
    }

    /// <summary>The integration key when the directory says the module is encrypted; a missing key is a connection failure.</summary>
    private async Task<string?> IntegrationKeyAsync(CancellationToken ct)
    {
        if (Panel.IntegrationKeyRef is null) return null;
        var secrets = await services.Secrets.ReadAsync(Panel.PanelId, ct);
        return secrets.IntegrationKey?.Reveal() ?? throw new PanelUnreachableException("no integration key stored for this encrypted panel");
    }

    private async Task PollAsync(PanelConnection connection, CancellationToken ct)
    {
        var started = services.Clock.GetTimestamp();
        await connection.RequestAsync(new PollNewData(), options.RequestTimeout, ct);
        services.Metrics.PollRoundTrip(services.Clock.GetElapsedTime(started));
        await OnContactAsync(ct);
    }

    private async Task OnContactAsync(CancellationToken ct)
    {
        lastContact = services.Clock.GetUtcNow();
        SetConnected(true);
        if (reportedConnected == true) return;
        await services.Bus.SendAsync(new PanelConnectionChanged(Panel.PanelId, true, null, lastContact), Metadata(), MessageNames.PanelKey(Panel.PanelId), ct: ct);
        reportedConnected = true;
        services.Logger.LogInformation("Panel {PanelId} connected", Panel.PanelId);
    }

    /// <summary>Waits the reconnect delay plus jitter; reports the panel disconnected when its offline deadline passes meanwhile.</summary>
    private async Task WaitBeforeReconnectAsync(string reason, CancellationToken ct)
    {
        var clock = services.Clock;
        var until = clock.GetUtcNow() + options.ReconnectDelay + options.ReconnectJitter * Random.Shared.NextDouble();
        while (true)
        {
            var now = clock.GetUtcNow();
            var offlineAt = lastContact + options.OfflineAfter;
            if (now >= offlineAt && reportedConnected != false)
            {
                await services.Bus.SendAsync(new PanelConnectionChanged(Panel.PanelId, false, reason, now), Metadata(), MessageNames.PanelKey(Panel.PanelId), ct: ct);
                reportedConnected = false;
                services.Logger.LogWarning("Panel {PanelId} reported disconnected: {Reason}", Panel.PanelId, reason);
            }
            await RefuseControlsAsync("panel offline", ct);
            if (now >= until) return;
            var next = reportedConnected != false && offlineAt < until ? offlineAt : until;
            await WaitForControlOrAsync(next - now, ct);
        }
    }

    private Task WaitForNextPollAsync(CancellationToken ct) => WaitForControlOrAsync(options.PollInterval, ct);

    /// <summary>Sleeps for <paramref name="delay"/>, or less if a control request arrives.</summary>
    private async Task WaitForControlOrAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero || controls.Reader.Count > 0) return;
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(delay, services.Clock, wake.Token);
        await Task.WhenAny(sleep, controls.Reader.WaitToReadAsync(wake.Token).AsTask());
        await wake.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private void SetConnected(bool now)
    {
        if (now == connected) return;
        connected = now;
        if (now) services.Metrics.PanelConnected(); else services.Metrics.PanelDisconnected();
    }

    private MessageMetadata Metadata(string? correlationId = null) => new(correlationId ?? Panel.PanelId, null, "panel-ingest", null);

    /// <summary>Stops the loop and closes the connection (before another instance may connect).</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }
}
