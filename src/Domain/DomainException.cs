namespace Domain;

/// <summary>
/// A command the domain refuses because it is invalid for the current state, with the reason in business language
/// (the Host maps it to 409). A command that is merely already satisfied is not refused: it yields no events.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
