using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.Projections;

public sealed class InlineProjectionTests : StoreTest
{
    protected override void Configure(EventStoreOptions options) => options.InlineProjections.Add(new CountingProjection("inline_counting"));

    [Fact]
    public async Task An_inline_projection_sees_its_own_write_in_the_append_transaction()
    {
        var id = NewStreamId();
        await using (var session = await Store.OpenSessionAsync())
        {
            await session.AppendAsync(id, "counter", ExpectedVersion.NoStream, [new NewEvent(new Counted(id, 1)), new NewEvent(new Counted(id, 2))]);
            await using var cmd = session.CreateCommand($"select count(*) from \"{Schema}\".applied where stream_id = '{id}'");
            Assert.Equal(2L, await cmd.ExecuteScalarAsync()); // visible inside the transaction
            await session.CommitAsync();
        }
        await Store.AppendAsync(id, "counter", ExpectedVersion.Exact(2), new Counted(id, 3));
        Assert.Equal(3, await ScalarAsync($"select count(*) from {{schema}}.applied where stream_id = '{id}'"));

        await using (var rolledBack = await Store.OpenSessionAsync())
            await rolledBack.AppendAsync(id, "counter", ExpectedVersion.Exact(3), [new NewEvent(new Counted(id, 4))]);
        Assert.Equal(3, await ScalarAsync($"select count(*) from {{schema}}.applied where stream_id = '{id}'"));
    }
}
