using EventStore.Tests.Infrastructure;
using EventStore.Tests.TamperEvidence;
using Npgsql;

namespace EventStore.Tests;

/// <summary>
/// Appends and statements queued in a session (<see cref="EventStoreSession.Append"/>, <see cref="EventStoreSession.ExecuteWithCommit"/>)
/// travel with the COMMIT: nothing reaches the server before it, and a refusal in the batch commits nothing.
/// </summary>
public sealed class QueuedAppendTests : StoreTest
{
    private static NewEvent[] Deposits(params int[] amounts) => amounts.Select(a => new NewEvent(new Deposited("a", a))).ToArray();

    [Fact]
    public async Task Queued_appends_of_every_expectation_are_sent_with_the_commit_and_chain()
    {
        var fresh = NewStreamId();
        var existing = NewStreamId();
        var any = NewStreamId();
        await Store.AppendAsync(existing, "account", ExpectedVersion.NoStream, Deposits(1, 2));

        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(fresh, "account", ExpectedVersion.NoStream, Deposits(1));
            session.Append(existing, "account", ExpectedVersion.Exact(2), Deposits(3, 4, 5));
            session.Append(any, "account", ExpectedVersion.Any, Deposits(1, 2));
            session.Append(fresh, "account", ExpectedVersion.Exact(1), Deposits(2)); // the same stream again, after its first append
            // Nothing was sent yet: the session's backend has not even begun its transaction.
            Assert.Equal(0, await ScalarAsync($"select count(*) from pg_stat_activity where pid = {session.Connection.ProcessID} and xact_start is not null"));
            Assert.Null(await Store.GetStreamAsync(fresh));
            await session.CommitAsync();
        }

        Assert.Equal(2, (await Store.GetStreamAsync(fresh))!.Version);
        Assert.Equal(5, (await Store.GetStreamAsync(existing))!.Version);
        Assert.Equal(2, (await Store.GetStreamAsync(any))!.Version);
        Assert.Equal([3m, 4m, 5m], await Store.ReadStreamAsync(existing, 3).Select(e => ((Deposited)e.Data!).Amount).ToListAsync());
        Assert.Equal(new ChainReader.Result(2, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, fresh));
        Assert.Equal(new ChainReader.Result(5, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, existing));
        Assert.Equal(new ChainReader.Result(2, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, any));
    }

    [Fact]
    public async Task A_refused_queued_append_fails_the_commit_and_nothing_of_the_unit_is_committed()
    {
        await ScalarAsync("create table {schema}.probe (id text primary key) ; select 1");
        var ok = NewStreamId();
        var contested = NewStreamId();
        await Store.AppendAsync(contested, "account", ExpectedVersion.NoStream, Deposits(1, 2, 3));

        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(ok, "account", ExpectedVersion.NoStream, Deposits(1));
            session.Append(contested, "account", ExpectedVersion.Exact(2), Deposits(9)); // someone appended since
            session.ExecuteWithCommit(new NpgsqlBatchCommand($"insert into \"{Schema}\".probe values ('{ok}')"));
            var e = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => session.CommitAsync());
            Assert.Equal(contested, e.StreamId);
            Assert.Equal(3, e.Actual);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => session.CommitAsync());
        }

        Assert.Null(await Store.GetStreamAsync(ok));
        Assert.Equal(3, (await Store.GetStreamAsync(contested))!.Version);
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.probe"));
    }

    [Fact]
    public async Task A_queued_append_to_a_stream_created_meanwhile_or_tombstoned_is_refused_at_the_commit()
    {
        var created = NewStreamId();
        var deleted = NewStreamId();
        await Store.AppendAsync(deleted, "account", ExpectedVersion.NoStream, Deposits(1));
        await Store.TombstoneStreamAsync(deleted);

        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(created, "account", ExpectedVersion.NoStream, Deposits(1, 2));
            await Store.AppendAsync(created, "account", ExpectedVersion.NoStream, Deposits(7));
            await Assert.ThrowsAsync<WrongExpectedVersionException>(() => session.CommitAsync());
        }
        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(deleted, "account", ExpectedVersion.Any, Deposits(2));
            await Assert.ThrowsAsync<StreamDeletedException>(() => session.CommitAsync());
        }
        Assert.Equal(1, (await Store.GetStreamAsync(created))!.Version);
    }

    [Fact]
    public async Task A_queued_statement_refusal_is_translated_by_its_owner_and_an_untranslated_error_surfaces_as_it_is()
    {
        var stream = NewStreamId();
        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(stream, "account", ExpectedVersion.NoStream, Deposits(1));
            session.ExecuteWithCommit(new NpgsqlBatchCommand($"select \"{Schema}\".refuse('ES999', 'no thanks')"),
                e => e.SqlState == "ES999" ? new InvalidOperationException("refused: " + e.MessageText) : null);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync());
            Assert.Equal("refused: no thanks", e.Message);
        }
        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(stream, "account", ExpectedVersion.NoStream, Deposits(1));
            session.ExecuteWithCommit(new NpgsqlBatchCommand("select 1 / 0"));
            var e = await Assert.ThrowsAsync<PostgresException>(() => session.CommitAsync());
            Assert.Equal(PostgresErrorCodes.DivisionByZero, e.SqlState);
        }
        Assert.Null(await Store.GetStreamAsync(stream));
    }

    [Fact]
    public async Task Queued_appends_with_idempotency_keys_are_written_before_the_commit_and_find_their_duplicates()
    {
        var stream = NewStreamId();
        for (var i = 0; i < 2; i++)
        {
            await using var session = await Store.OpenSessionAsync();
            session.Append(stream, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("a", 1), IdempotencyKey: "k-" + stream)]);
            await session.CommitAsync();
        }
        Assert.Equal(1, (await Store.GetStreamAsync(stream))!.Version);
    }

    [Fact]
    public async Task Bad_input_to_a_queued_append_fails_at_once_and_leaves_the_session_usable()
    {
        var stream = NewStreamId();
        await using var session = await Store.OpenSessionAsync();
        Assert.Throws<ArgumentException>(() => session.Append(stream, "account", ExpectedVersion.Any, []));
        session.Append(stream, "account", ExpectedVersion.Any, Deposits(1));
        await session.CommitAsync();
        Assert.Equal(1, (await Store.GetStreamAsync(stream))!.Version);
    }
}
