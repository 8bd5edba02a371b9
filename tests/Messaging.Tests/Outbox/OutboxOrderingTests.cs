using EventStore;
using Messaging.Outbox;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Outbox;

public sealed class OutboxOrderingTests : MessagingTest
{
    private static OutboxMessage Message(string? key) => new(Guid.CreateVersion7(), "ping", "x", "ping", new byte[] { 1 }, key);

    /// <summary>A session that took its transaction id (by writing a row) before <paramref name="younger"/> committed its rows.</summary>
    private async Task<EventStoreSession> OlderThanAsync(OutboxWriter writer, Func<EventStoreSession, Task> younger)
    {
        var older = await Store.OpenSessionAsync();
        await writer.WriteAsync(older.Connection, older.Transaction, [Message("other")]); // takes its transaction id now
        await using var session = await Store.OpenSessionAsync();
        await younger(session);
        await session.CommitAsync();
        return older;
    }

    [Fact]
    public async Task An_older_transaction_writing_a_key_after_a_younger_one_committed_it_is_refused()
    {
        var writer = new OutboxWriter(NewOptions().Outbox);
        await using var older = await OlderThanAsync(writer, younger => writer.WriteAsync(younger.Connection, younger.Transaction, [Message("panel-7")]));

        var e = await Assert.ThrowsAsync<OrderingConflictException>(() => writer.WriteAsync(older.Connection, older.Transaction, [Message("panel-7")]));
        Assert.Equal("panel-7", e.Key);
    }

    [Fact]
    public async Task Rows_sent_with_the_commit_are_refused_the_same_way_and_the_unit_commits_nothing()
    {
        var writer = new OutboxWriter(NewOptions().Outbox);
        await using var older = await OlderThanAsync(writer, younger =>
        {
            writer.WriteWithCommit(younger, [Message("panel-8"), Message(null)]);
            return Task.CompletedTask;
        });

        writer.WriteWithCommit(older, [Message("panel-9"), Message("panel-8")]);
        var e = await Assert.ThrowsAsync<OrderingConflictException>(() => older.CommitAsync());
        Assert.Equal("panel-8", e.Key);
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.outbox where ordering_key in ('other', 'panel-9')"));
        Assert.Equal(2, await ScalarAsync("select count(*) from {schema}.outbox"));
    }
}
