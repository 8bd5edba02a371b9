namespace PanelSimulator;

/// <summary>
/// Faults injected into one panel's module and clock, for testing how the ingest copes. Every property can be
/// changed at any time from any thread; a connection reads them for each frame it sends. All off by default.
/// </summary>
public sealed class FaultSettings
{
    private long delayTicks;
    private long skewTicks;
    private double dropProbability;
    private double corruptCrcProbability;
    private double garbageProbability;
    private double resetProbability;

    /// <summary>How long the module waits before each answer (the manual allows clients about 3 s).</summary>
    public TimeSpan AnswerDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <summary>The chance (0..1) that an answer is never sent.</summary>
    public double DropAnswerProbability
    {
        get => Volatile.Read(ref dropProbability);
        set => Volatile.Write(ref dropProbability, Probability(value));
    }

    /// <summary>The chance (0..1) that a frame goes out with a wrong CRC (a receiver drops it, so it is lost).</summary>
    public double CorruptCrcProbability
    {
        get => Volatile.Read(ref corruptCrcProbability);
        set => Volatile.Write(ref corruptCrcProbability, Probability(value));
    }

    /// <summary>The chance (0..1) that random garbage bytes precede a frame (a receiver resynchronises on FE FE).</summary>
    public double GarbageProbability
    {
        get => Volatile.Read(ref garbageProbability);
        set => Volatile.Write(ref garbageProbability, Probability(value));
    }

    /// <summary>The chance (0..1) that, instead of answering, the module resets the TCP connection.</summary>
    public double ResetProbability
    {
        get => Volatile.Read(ref resetProbability);
        set => Volatile.Write(ref resetProbability, Probability(value));
    }

    /// <summary>How far the panel clock is off (added to its local time, so also to the times in new records).</summary>
    public TimeSpan ClockSkew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref skewTicks));
        set => Interlocked.Exchange(ref skewTicks, value.Ticks);
    }

    /// <summary>Turns every fault off.</summary>
    public void Clear()
    {
        AnswerDelay = TimeSpan.Zero;
        ClockSkew = TimeSpan.Zero;
        DropAnswerProbability = CorruptCrcProbability = GarbageProbability = ResetProbability = 0;
    }

    /// <summary>Copies every setting from <paramref name="other"/>.</summary>
    public void CopyFrom(FaultSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        AnswerDelay = other.AnswerDelay;
        ClockSkew = other.ClockSkew;
        DropAnswerProbability = other.DropAnswerProbability;
        CorruptCrcProbability = other.CorruptCrcProbability;
        GarbageProbability = other.GarbageProbability;
        ResetProbability = other.ResetProbability;
    }

    private static double Probability(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A probability is 0..1.");
}
