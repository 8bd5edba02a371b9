namespace EndToEnd.Tests;

/// <summary>
/// The end-to-end classes run one after the other: each runs a Host, an ingest process and three simulated panels,
/// and on a machine with two cores they would starve each other's deadlines.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end to end";
}
