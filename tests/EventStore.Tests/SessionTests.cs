using EventStore.Tests.Infrastructure;

namespace EventStore.Tests;

public sealed class SessionTests : StoreTest
{
    [Fact]
    public async Task A_session_commits_events_and_its_own_rows_together_or_neither()
    {
        await ScalarAsync("create table {schema}.outbox_probe (id text primary key) ; select 1");
        var committed = NewStreamId();
        await using (var session = await Store.OpenSessionAsync())
        {
            await session.AppendAsync(committed, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]);
            await using var cmd = session.CreateCommand($"insert into \"{Schema}\".outbox_probe values ('{committed}')");
            await cmd.ExecuteNonQueryAsync();
            await session.CommitAsync();
        }
        var abandoned = NewStreamId();
        await using (var session = await Store.OpenSessionAsync())
        {
            await session.AppendAsync(abandoned, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]);
            await using var cmd = session.CreateCommand($"insert into \"{Schema}\".outbox_probe values ('{abandoned}')");
            await cmd.ExecuteNonQueryAsync();
            // disposed without commit: a handler that threw
        }

        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.outbox_probe where id = '{committed}'"));
        Assert.NotNull(await Store.GetStreamAsync(committed));
        Assert.Equal(0, await ScalarAsync($"select count(*) from {{schema}}.outbox_probe where id = '{abandoned}'"));
        Assert.Null(await Store.GetStreamAsync(abandoned));
    }

    [Fact]
    public async Task Only_a_session_that_appended_announces_its_commit_to_the_event_listeners()
    {
        // Daemons and live feeds wake on the store's notifications; a unit of work that wrote only its own rows (an
        // ingest batch's outbox rows) has no events for them.
        await ScalarAsync("create table {schema}.own_rows (id text primary key) ; select 1");
        var before = Store.CommitsAnnounced;
        await using (var session = await Store.OpenSessionAsync())
        {
            await using var cmd = session.CreateCommand($"insert into \"{Schema}\".own_rows values ('a')");
            await cmd.ExecuteNonQueryAsync();
            await session.CommitAsync();
        }
        Assert.Equal(before, Store.CommitsAnnounced);

        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(NewStreamId(), "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]);
            await session.CommitAsync();
        }
        Assert.Equal(before + 1, Store.CommitsAnnounced);
    }

    [Fact]
    public async Task A_session_whose_append_failed_cannot_be_committed()
    {
        var a = NewStreamId();
        var b = NewStreamId();
        await Store.AppendAsync(b, "account", ExpectedVersion.NoStream, new Deposited("b", 1));
        await using var session = await Store.OpenSessionAsync();
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => session.AppendAsync(
        [
            new StreamAppend(a, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]),
            new StreamAppend(b, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("b", 2))]),
        ]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync());
        Assert.Null(await Store.GetStreamAsync(a));
    }

    [Fact]
    public async Task An_append_from_an_older_transaction_after_a_newer_one_is_refused_to_keep_stream_order()
    {
        // The daemon orders by (transaction id, position). A transaction that got its id first but appends to a
        // stream after a younger one committed there would sort before it: the store refuses it as a conflict.
        var other = NewStreamId();
        var contested = NewStreamId();
        await using var older = await Store.OpenSessionAsync();
        await older.AppendAsync(other, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("o", 1))]); // takes a transaction id now
        await Store.AppendAsync(contested, "account", ExpectedVersion.Any, new Deposited("c", 1));           // younger id, commits

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            older.AppendAsync(contested, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("c", 2))]));
    }
}
