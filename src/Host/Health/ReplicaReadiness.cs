using System.Globalization;
using Host.Infrastructure.Replica;

namespace Host.Health;

/// <summary>
/// The reporting replica's line in <c>/health/ready</c>: "not configured", "up (lag N s)", "up (lag unknown)" or
/// "unreachable: reports served by the primary". Informational: the primary can serve every report, so an
/// unreachable replica degrades the status but never fails readiness.
/// </summary>
internal static class ReplicaReadiness
{
    private const string Unreachable = "unreachable: reports served by the primary";

    public static async Task<string> CheckAsync(ReportDatabase reports, CancellationToken ct)
    {
        // A replica that failed moments ago is not waited for again (readiness is polled often).
        var probe = await reports.ProbeAsync(evenIfKnownDown: false, ct);
        if (!probe.Configured) return "not configured";
        if (!probe.Reachable) return Unreachable;
        return probe.LagSeconds is { } lag ? string.Create(CultureInfo.InvariantCulture, $"up (lag {lag:0.###} s)") : "up (lag unknown)";
    }

    public static bool Degrades(string check) => check == Unreachable;
}
