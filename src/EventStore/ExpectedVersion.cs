namespace EventStore;

/// <summary>
/// The stream version an append expects to find: <see cref="Any"/>, <see cref="NoStream"/> or an exact version.
/// Versions start at 1 for a stream's first event, so <c>Exact(0)</c> means the same as <see cref="NoStream"/>.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>The raw value: -1 for any, 0 for no stream, otherwise the exact version.</summary>
    public long Value { get; }

    /// <summary>Append whatever the stream's version is (creating the stream if needed).</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>The stream must be exactly at <paramref name="version"/> (0 = must not exist).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The version is negative.</exception>
    public static ExpectedVersion Exact(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new ExpectedVersion(version);
    }

    public bool IsAny => Value == AnyValue;
    public bool IsNoStream => Value == 0;

    public override string ToString() => IsAny ? "any" : IsNoStream ? "no-stream" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
