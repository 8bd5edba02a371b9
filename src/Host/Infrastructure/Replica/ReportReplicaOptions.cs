using System.Globalization;

namespace Host.Infrastructure.Replica;

/// <summary>
/// Where report queries go: the reporting replica named by <c>ConnectionStrings:Reports</c> (or a file named by
/// <c>ConnectionStrings:Reports_FILE</c>), and how quickly the primary takes over when the replica does not answer.
/// Without a replica every report runs on the primary.
/// </summary>
internal sealed record ReportReplicaOptions
{
    /// <summary>The replica's connection string; null: reports run on the primary.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>How long opening a replica connection may take before the report is served by the primary (<c>Reports:Replica:ConnectTimeoutSeconds</c>).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a failure, how long reports go straight to the primary (<c>Reports:Replica:RetryAfterSeconds</c>), so that
    /// not every request waits for a connect timeout while the replica is away.
    /// </summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a background probe refreshes the replica's reachability and the lag gauge.</summary>
    public TimeSpan ProbeEvery { get; init; } = TimeSpan.FromSeconds(5);

    public static ReportReplicaOptions From(IConfiguration configuration) => new()
    {
        ConnectionString = Secrets.Read(configuration, "ConnectionStrings:Reports"),
        ConnectTimeout = Seconds(configuration, "Reports:Replica:ConnectTimeoutSeconds", 2),
        RetryAfter = Seconds(configuration, "Reports:Replica:RetryAfterSeconds", 5),
    };

    private static TimeSpan Seconds(IConfiguration configuration, string key, double fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromSeconds(fallback);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{key}: '{text}' is not a positive number of seconds.");
    }
}
