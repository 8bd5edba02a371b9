using Domain.Panels;
using Host.Infrastructure;

namespace Host.Panels.GettingPanel;

public sealed record PanelPartitionResponse(int Number, string Name, string ArmState, bool InAlarm);

public sealed record PanelZoneResponse(int Number, string Name, int Partition, bool Violated, bool Tampered, bool Bypassed, bool AlarmMemory);

public sealed record PanelControlRequestResponse(string RequestId, string OperatorId, string Action, string? Mode, IReadOnlyList<int> Partitions, string? Result);

/// <summary>A panel's configuration and live state as its recorded panel events tell it.</summary>
public sealed record PanelResponse(
    string Id,
    string SiteId,
    string Status,
    string Model,
    string Host,
    int Port,
    string? IntegrationKeyRef,
    string Connection,
    IReadOnlyList<int> ArmedPartitions,
    IReadOnlyList<int> ViolatedZones,
    IReadOnlyList<PanelPartitionResponse> Partitions,
    IReadOnlyList<PanelZoneResponse> Zones,
    IReadOnlyList<PanelTrouble> Troubles,
    IReadOnlyList<PanelControlRequestResponse> ControlRequests,
    long Version);

internal static class GetPanelEndpoint
{
    /// <summary><c>GET /api/panels/{id}</c>: the panel's live state with its version as ETag (404 for another tenant's panel).</summary>
    public static void MapGetPanel(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/panels/{id}", async (string id, HttpContext http, CommandExecutor commands, CancellationToken ct) =>
        {
            var panel = await commands.LoadOwnedPanelAsync(id, RequestContext.From(http), ct);
            http.Response.Headers.ETag = Etags.Of(panel.Version);
            return Results.Ok(ToResponse(id, panel.State, panel.Version));
        }).RequireAuthorization(Auth.CanRead);

    private static PanelResponse ToResponse(string id, PanelState s, long version) => new(
        id, s.SiteId, s.Status.ToString(), s.Model.ToString(), s.Host, s.Port, s.IntegrationKeyRef, s.Connection.ToString(),
        [.. s.Partitions.Where(p => p.Value.ArmState == PartitionArmState.Armed).Select(p => p.Key).Order()],
        [.. s.Zones.Where(z => z.Value.Violated).Select(z => z.Key).Order()],
        [.. s.Partitions.OrderBy(p => p.Key).Select(p => new PanelPartitionResponse(p.Key, p.Value.Name, p.Value.ArmState.ToString(), p.Value.InAlarm))],
        [.. s.Zones.OrderBy(z => z.Key).Select(z => new PanelZoneResponse(z.Key, z.Value.Name, z.Value.Partition, z.Value.Violated, z.Value.Tampered, z.Value.Bypassed, z.Value.AlarmMemory))],
        s.Troubles,
        [.. s.ControlRequests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new PanelControlRequestResponse(
            r.Key, r.Value.OperatorId, r.Value.Action.ToString(), r.Value.Mode?.ToString(), r.Value.Partitions, r.Value.Result?.ToString()))],
        version);
}
