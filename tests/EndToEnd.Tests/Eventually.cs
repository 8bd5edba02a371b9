namespace EndToEnd.Tests;

/// <summary>
/// Waiting for asynchronous results by polling a condition with a deadline, never by sleeping. The deadlines are
/// generous: the machine is shared and slow, and a condition that holds returns at once.
/// </summary>
internal static class Eventually
{
    public const int DefaultSeconds = 90;

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, int seconds = DefaultSeconds) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = DefaultSeconds) =>
        ValueAsync(async () => await condition() ? "" : null, what, seconds);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> pass; returns whether it held (the caller asserts what differs).</summary>
    public static async Task<bool> TriesAsync(Func<Task<bool>> condition, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, int seconds = DefaultSeconds) =>
        HoldsAsync(() => Task.FromResult(condition()), what, seconds);
}
