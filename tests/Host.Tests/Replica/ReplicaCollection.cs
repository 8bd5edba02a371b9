namespace Host.Tests.Replica;

/// <summary>
/// Tests that stop, start or pause the shared reporting replica of scripts/servers.sh: one at a time, alone (no other
/// test runs meanwhile). No other test class may depend on the replica.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaCollection
{
    public const string Name = "Reporting replica";
}
