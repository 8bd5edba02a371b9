namespace Messaging;

/// <summary>Who and what a message comes from; flows into event metadata and into every message sent from it.</summary>
public sealed record MessageMetadata(string? CorrelationId = null, string? CausationId = null, string? UserId = null, string? Tenant = null)
{
    public static MessageMetadata Empty { get; } = new();
}
