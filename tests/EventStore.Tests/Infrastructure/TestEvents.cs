namespace EventStore.Tests.Infrastructure;

public sealed record Deposited(string Account, decimal Amount);
public sealed record Withdrawn(string Account, decimal Amount);
public sealed record Counted(string Key, int N);

public static class TestEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<Deposited>("deposited")
        .Register<Withdrawn>("withdrawn")
        .Register<Counted>("counted");
}
