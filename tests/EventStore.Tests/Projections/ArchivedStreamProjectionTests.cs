using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class ArchivedStreamProjectionTests : DaemonTest
{
    [Fact]
    public async Task Events_of_an_archived_stream_are_left_out_of_projections_and_rebuilds()
    {
        var archived = NewStreamId();
        await Store.AppendAsync(archived, "counter", ExpectedVersion.Any, new Counted(archived, 1), new Counted(archived, 2));
        await AppendManyAsync(streams: 3, eventsPerStream: 5);
        await Store.ArchiveStreamAsync(archived);

        await using var daemon = NewDaemon(new CountingProjection());
        await daemon.StartAsync();
        await WaitForAllAppliedAsync();
        Assert.Equal(15, await ScalarAsync("select count(*) from {schema}.applied"));

        await daemon.RebuildAsync("counting");
        Assert.Equal(15, await ScalarAsync("select count(*) from {schema}.applied"));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.applied where stream_id = '{archived}'"));
    }
}
