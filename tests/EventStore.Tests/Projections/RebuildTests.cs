using EventStore.Projections;
using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class RebuildTests : DaemonTest
{
    [Fact]
    public async Task A_rebuild_gives_the_live_result_and_the_old_read_model_serves_until_the_switch()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rebuilding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var projection = new CountingProjection
        {
            // Generation 2 (the rebuild) pauses after its first batch so the test can read the live view meanwhile.
            BeforeApply = async (ctx, _, ct) =>
            {
                if (ctx.Generation == 2 && !gate.Task.IsCompleted)
                {
                    rebuilding.TrySetResult();
                    await gate.Task.WaitAsync(ct);
                }
            },
        };
        await using var daemon = NewDaemon(projection);
        await daemon.StartAsync();
        await AppendManyAsync(streams: 30, eventsPerStream: 50);
        await WaitForAllAppliedAsync();
        var live = await SnapshotAsync();
        Assert.Equal(2, await IndexesAsync("applied_g1")); // a first generation has its readers' indexes from the start

        var reports = new List<RebuildProgress>();
        var rebuild = daemon.RebuildAsync("counting", new Progress<RebuildProgress>(reports.Add));
        await rebuilding.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(live, await SnapshotAsync()); // the view still shows generation 1, complete
        Assert.Equal(1, await IndexesAsync("applied_g2")); // the rebuild's catch-up maintains the primary key only
        await AppendManyAsync(streams: 2, eventsPerStream: 5); // keeps flowing during the rebuild
        gate.SetResult();
        await rebuild.WaitAsync(TimeSpan.FromSeconds(120));

        await WaitForAllAppliedAsync();
        await AssertExactlyOnceAsync();
        var status = (await daemon.GetStatusAsync()).Single();
        Assert.Equal(2, status.Generation);
        Assert.Equal(2, await IndexesAsync("applied_g2")); // the readers' index, built before the switch
        Assert.Equal(0, await ScalarAsync("select count(*) from information_schema.tables where table_schema = '" + Schema + "' and table_name = 'applied_g1'"));
        await Eventually(() => Task.FromResult(reports.Count > 0), TimeSpan.FromSeconds(5), "progress reported");
    }

    [Fact]
    public async Task A_finished_rebuild_gives_its_lock_back_so_the_next_one_can_run()
    {
        await using var daemon = NewDaemon(new CountingProjection());
        await daemon.StartAsync();
        await AppendManyAsync(streams: 3, eventsPerStream: 5);
        await WaitForAllAppliedAsync();

        await daemon.RebuildAsync("counting");
        // The lock must not linger on the pooled connection it was taken on (that would refuse the next rebuild,
        // here or on another host, until the pool happened to reuse that connection).
        Assert.Equal(0, await ScalarAsync($"""
            select count(*) from pg_locks where locktype = 'advisory' and granted
               and classid::int = {EventStore.Internal.LockKeys.Hash(Schema)} and objid::int = {EventStore.Internal.LockKeys.Hash("rebuild:counting")}
            """));
        await daemon.RebuildAsync("counting");
        Assert.Equal(3, (await daemon.GetStatusAsync()).Single().Generation);
        await AssertExactlyOnceAsync();
    }

    private Task<long> IndexesAsync(string table) =>
        ScalarAsync($"select count(*) from pg_indexes where schemaname = '{Schema}' and tablename = '{table}'");

    private async Task<string> SnapshotAsync()
    {
        await using var cmd = TestDatabase.DataSource.CreateCommand($"select string_agg(event_id::text || ':' || n, ',' order by event_id) from \"{Schema}\".applied");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
