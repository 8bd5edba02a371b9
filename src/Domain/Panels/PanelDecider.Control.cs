namespace Domain.Panels;

/// <summary>Panel control: an operator's arm, disarm or clear-alarm request and the result the panel gives.</summary>
public static partial class PanelDecider
{
    private static IReadOnlyList<PanelEvent> RequestControl(RequestPanelControl c, PanelState state)
    {
        if (string.IsNullOrWhiteSpace(c.RequestId))
            throw new DomainException("A panel control request needs a request id.");
        int[] partitions = [.. c.Partitions.Distinct().Order()];
        if (state.ControlRequests.TryGetValue(c.RequestId, out var existing))
            return IsSameRequest(existing, c, partitions)
                ? []
                : throw new DomainException($"Request {c.RequestId} was already made for another action or partitions.");
        if (partitions.Length == 0)
            throw new DomainException("Choose at least one partition.");
        foreach (var partition in partitions)
            if (!state.Partitions.ContainsKey(partition))
                throw new DomainException($"Panel {c.PanelId} has no partition {partition}.");
        ValidateMode(c);
        if (state.Connection != PanelConnectionStatus.Connected)
            throw new DomainException(state.Connection == PanelConnectionStatus.CommunicationLost
                ? $"Communication with panel {c.PanelId} is lost; the request cannot reach it."
                : $"Panel {c.PanelId} has never been connected; the request cannot reach it.");
        return [new PanelControlRequested(c.PanelId, c.RequestId, c.OperatorId, c.Action, c.Mode, partitions, c.Now)];
    }

    private static void ValidateMode(RequestPanelControl c)
    {
        var arming = c.Action is PanelControlAction.Arm or PanelControlAction.ForceArm;
        if (arming && c.Mode is null)
            throw new DomainException("Arming needs an arm mode (full or mode 1–3).");
        if (!arming && c.Mode is not null)
            throw new DomainException($"An arm mode applies only to arming, not to {c.Action}.");
    }

    private static bool IsSameRequest(PanelControlRequest existing, RequestPanelControl c, IReadOnlyList<int> partitions) =>
        existing.OperatorId == c.OperatorId && existing.Action == c.Action && existing.Mode == c.Mode
        && ListEquality.Equal(existing.Partitions, partitions);

    /// <summary>A request's result is recorded once; a later answer for the same request changes nothing.</summary>
    private static IReadOnlyList<PanelEvent> RecordControlResult(RecordPanelControlResult c, PanelState state)
    {
        if (!state.ControlRequests.TryGetValue(c.RequestId, out var request))
            throw new DomainException($"Panel {c.PanelId} has no control request {c.RequestId}.");
        if (request.Result is not null)
            return [];
        return c.Result switch
        {
            PanelControlResult.Accepted => [new PanelControlAccepted(c.PanelId, c.RequestId, c.Now)],
            PanelControlResult.Refused when string.IsNullOrWhiteSpace(c.Reason) =>
                throw new DomainException("A refusal must carry the panel's reason."),
            PanelControlResult.Refused => [new PanelControlRefused(c.PanelId, c.RequestId, c.Reason!, c.Now)],
            PanelControlResult.TimedOut => [new PanelControlTimedOut(c.PanelId, c.RequestId, c.Now)],
            _ => throw new DomainException($"{c.Result} is not a result of a panel control request."),
        };
    }
}
