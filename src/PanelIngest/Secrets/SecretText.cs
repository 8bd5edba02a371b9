namespace PanelIngest.Secrets;

/// <summary>
/// A secret string (an integration key). It never shows itself: <see cref="ToString"/> is redacted, so it cannot leak
/// through a log template, an exception message or a record's generated ToString.
/// </summary>
public sealed class SecretText(string value) : IEquatable<SecretText>
{
    /// <summary>The secret itself, for the one place that must use it (the cipher).</summary>
    public string Reveal() => value;

    public bool Equals(SecretText? other) => other is not null && value == other.Reveal();

    public override bool Equals(object? obj) => Equals(obj as SecretText);

    public override int GetHashCode() => value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "SecretText(****)";
}
