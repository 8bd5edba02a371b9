using Contracts;
using Domain.Panels;
using Microsoft.Extensions.Logging;
using PanelIngest.Control;
using PanelIngest.Translation;

namespace PanelIngest.Transport;

public sealed partial class PanelSession
{
    /// <summary>
    /// Carries out the queued control requests in order, each with the panel's user code from the secrets, and answers
    /// each through the outbox. A request the module does not answer in time is answered TimedOut and the connection is
    /// dropped: a late answer must not be taken for the next request's.
    /// </summary>
    private async Task ExecuteControlsAsync(PanelConnection connection, CancellationToken ct)
    {
        while (controls.Reader.TryRead(out var pending))
        {
            PanelControlResult result;
            string? reason = null;
            PanelTimeoutException? timedOut = null;
            var code = (await services.Secrets.ReadAsync(Panel.PanelId, ct)).UserCode;
            if (code is null)
                (result, reason) = (PanelControlResult.Refused, "no user code for remote control is stored for this panel");
            else
            {
                try
                {
                    var answer = await connection.RequestAsync(ControlTranslation.ToRequest(pending.Request, code), options.RequestTimeout, ct);
                    (result, reason) = ControlTranslation.FromAnswer(answer);
                }
                catch (ArgumentException e)
                {
                    (result, reason) = (PanelControlResult.Refused, $"invalid request: {e.Message}");
                }
                catch (PanelTimeoutException e)
                {
                    (result, timedOut) = (PanelControlResult.TimedOut, e);
                }
            }
            await CompleteAsync(pending, result, reason, ct);
            if (timedOut is not null) throw timedOut;
        }
    }

    /// <summary>Answers every queued request with Refused(<paramref name="reason"/>): the panel cannot be reached now.</summary>
    private async Task RefuseControlsAsync(string reason, CancellationToken ct)
    {
        while (controls.Reader.TryRead(out var pending))
            await CompleteAsync(pending, PanelControlResult.Refused, reason, ct);
    }

    private async Task CompleteAsync(PendingControl pending, PanelControlResult result, string? reason, CancellationToken ct)
    {
        var completion = new PanelControlCompleted(Panel.PanelId, pending.RequestId, result, reason, services.Clock.GetUtcNow());
        try
        {
            await services.Bus.InvokeAsync(new CompletePanelControl(completion), Metadata(pending.RequestId), ct);
        }
        finally
        {
            // Answered, or not stored: either way the table decides whether it is picked up again.
            lock (queued) queued.Remove(pending.RequestId);
        }
        services.Logger.LogInformation("Panel {PanelId}: control {RequestId} {Result} {Reason}", Panel.PanelId, pending.RequestId, result, reason);
    }
}
