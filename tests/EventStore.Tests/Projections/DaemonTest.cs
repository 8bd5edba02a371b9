using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public abstract class DaemonTest : StoreTest
{
    protected static readonly DaemonOptions FastOptions = new()
    {
        BatchSize = 500,
        PollInterval = TimeSpan.FromMilliseconds(500),
        ElectionInterval = TimeSpan.FromMilliseconds(200),
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxRetries = 2,
    };

    protected ProjectionDaemon NewDaemon(params Projection[] projections) => new(Store, projections, FastOptions);

    protected async Task AppendManyAsync(int streams, int eventsPerStream)
    {
        for (var s = 0; s < streams; s++)
        {
            var id = NewStreamId();
            await Store.AppendAsync(id, "counter", ExpectedVersion.Any, Enumerable.Range(1, eventsPerStream).Select(i => (object)new Counted(id, i)).ToArray());
        }
    }

    /// <summary>Every committed event applied exactly once: same ids as the log, each counted once.</summary>
    protected async Task AssertExactlyOnceAsync(string table = "applied")
    {
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.{table} where n <> 1"));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.events e where not e.archived and not exists (select 1 from {{schema}}.{table} a where a.event_id = e.event_id)"));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.{table} a where not exists (select 1 from {{schema}}.events e where e.event_id = a.event_id)"));
    }

    protected Task WaitForAllAppliedAsync(string table = "applied", TimeSpan? timeout = null) =>
        Eventually(async () => await ScalarAsync($"select count(*) from {{schema}}.events where not archived")
                               == await ScalarAsync($"select count(*) from {{schema}}.{table}"), timeout, "projection caught up");
}
