namespace Messaging.Transport;

/// <summary>Exponential backoff with jitter, for handler retries and reconnects.</summary>
internal static class Backoff
{
    /// <summary>Delay before attempt <paramref name="retry"/> + 1 (retry is 1-based).</summary>
    public static TimeSpan Delay(int retry, TimeSpan initial, TimeSpan max)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        // Half fixed, half random: retries of many messages that failed together (e.g. the database was down)
        // spread out instead of hitting the dependency in lockstep, while the delay still grows.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
