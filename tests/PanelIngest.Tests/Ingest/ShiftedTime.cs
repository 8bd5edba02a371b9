namespace PanelIngest.Tests.Ingest;

/// <summary>The system clock moved on by <see cref="Offset"/>: lets a simulated panel live through hours in a test.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
