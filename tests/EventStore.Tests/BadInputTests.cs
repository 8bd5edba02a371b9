using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class BadInputTests : StoreTest
{
    public sealed record Unregistered(int X);

    protected override void Configure(EventStoreOptions options) => options.MaxEventBytes = 1024;

    public static TheoryData<string?> BadIds => new() { null, "", "   ", new string('x', 201) };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Bad_stream_ids_are_refused_before_writing(string? id)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(id!, "t", ExpectedVersion.Any, new Counted("k", 1)));
        Assert.Contains("stream id", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.events"));
    }

    [Fact]
    public async Task An_event_over_the_size_limit_is_refused_and_nothing_of_its_batch_is_written()
    {
        var id = NewStreamId();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(id, "t", ExpectedVersion.Any,
            new Counted("small", 1), new Counted(new string('x', 2000), 2)));
        Assert.Contains("limit is 1024", e.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetStreamAsync(id));
    }

    [Fact]
    public async Task Null_data_negative_versions_empty_batches_and_unregistered_types_are_refused()
    {
        var id = NewStreamId();
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AppendAsync(id, "t", ExpectedVersion.Any, [new NewEvent(null!)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exact(-1));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(id, "t", ExpectedVersion.Any, Array.Empty<NewEvent>()));
        var unregistered = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(id, "t", ExpectedVersion.Any, new Unregistered(1)));
        Assert.Contains("not registered", unregistered.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetStreamAsync(id));
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new PostgresEventStore(TestDatabase.DataSource, new EventStoreOptions { Schema = "bad;drop" }));
        Assert.Throws<ArgumentException>(() => new PostgresEventStore(TestDatabase.DataSource, new EventStoreOptions { Schema = "" }));
    }
}
