namespace EventStore;

/// <summary>
/// Who and what caused an event. Everything is optional; the messaging pipeline fills it from the incoming
/// request or message so that an auditor can follow a request across streams (correlation) and back to its
/// cause (causation).
/// </summary>
public sealed record EventMetadata(
    string? CorrelationId = null,
    string? CausationId = null,
    string? UserId = null,
    string? Tenant = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static EventMetadata Empty { get; } = new();
}
