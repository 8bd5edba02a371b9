using EventStore.Tests.Infrastructure;

namespace EventStore.Tests.TamperEvidence;

/// <summary>Every write path chains events exactly as an auditor recomputes them from the stored columns.</summary>
public sealed class HashChainTests : StoreTest
{
    private static readonly EventMetadata Meta = new("corr-1", "cause-1", "alice", "tenant-a",
        new Dictionary<string, string> { ["ip"] = "10.0.0.1", ["agent"] = "Zoë <cli> & \"co\"" });

    [Fact]
    public async Task Single_statement_appends_chain_across_no_stream_exact_and_any()
    {
        var id = NewStreamId();
        await Store.AppendAsync(id, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 10.50m), Meta, "k-1"), new NewEvent(new Withdrawn("a", 3))]);
        await Store.AppendAsync(id, "account", ExpectedVersion.Exact(2), [new NewEvent(new Counted("ключ\u0001\"\\", -0))]);
        await Store.AppendAsync(id, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("a", 1e-7m)), new NewEvent(new Deposited("b", 79228162514264337593543950335m))]);

        Assert.Equal(new ChainReader.Result(5, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, id));
    }

    [Fact]
    public async Task Single_event_appends_chain_for_every_expectation_and_concurrently()
    {
        var fresh = NewStreamId();
        var created = NewStreamId();
        await Store.AppendAsync(fresh, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("a", 1), Meta, "single-1")]);
        await Store.AppendAsync(created, "account", ExpectedVersion.NoStream, new Deposited("b", 2));
        await Store.AppendAsync(created, "account", ExpectedVersion.Exact(1), new Withdrawn("b", 1));
        await Store.AppendAsync(created, "account", ExpectedVersion.Any, new Counted("b", 3));
        // Eight writers, one event per append, on one stream: each link is made under the stream's row lock.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++) await Store.AppendAsync(fresh, "account", ExpectedVersion.Any, new Counted($"w{w}", i));
        })));

        Assert.Equal(new ChainReader.Result(81, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, fresh));
        Assert.Equal(new ChainReader.Result(3, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, created));
    }

    [Fact]
    public async Task Combined_one_event_appends_of_many_streams_chain_for_every_expectation()
    {
        // Sixteen writers, each on its own streams, with every expectation: the appends waiting at once go to the
        // database as one set-based statement (new streams inserted, existing ones updated), each stream's link made
        // from its own head.
        const int writers = 16, streamsEach = 4, rounds = 6;
        var streams = Enumerable.Range(0, writers * streamsEach).Select(_ => NewStreamId()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
                for (var k = 0; k < streamsEach; k++)
                {
                    var id = streams[w * streamsEach + k];
                    var expected = (round, k % 2) switch
                    {
                        (0, 0) => ExpectedVersion.NoStream,
                        (0, _) => ExpectedVersion.Any, // 'any' on a stream that does not exist yet
                        (_, 0) => ExpectedVersion.Exact(round),
                        _ => ExpectedVersion.Any,
                    };
                    var result = await Store.AppendAsync(id, "account", expected, new Counted($"w{w}", round));
                    Assert.Equal(round + 1, result.Streams[0].Version);
                }
        })));

        foreach (var id in streams)
            Assert.Equal(new ChainReader.Result(rounds, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, id));
        var (batches, appends) = Store.CombinedCounts;
        Assert.True(appends > batches, $"no appends were combined ({appends} appends in {batches} batches)");
    }

    [Fact]
    public async Task Copy_path_chains_a_new_stream_and_a_multi_stream_batch_of_single_events()
    {
        var big = NewStreamId();
        var a = NewStreamId();
        var b = NewStreamId();
        await Store.AppendAsync(big, "account", ExpectedVersion.NoStream, Enumerable.Range(0, 80).Select(i => (object)new Counted("n", i)).ToArray());
        await Store.AppendAsync([new StreamAppend(a, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]),
                                 new StreamAppend(b, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("b", 1))])]);
        await Store.AppendAsync([new StreamAppend(a, "account", ExpectedVersion.Exact(1), Enumerable.Range(0, 64).Select(i => new NewEvent(new Counted("a", i))).ToArray()),
                                 new StreamAppend(big, "account", ExpectedVersion.Exact(80), [new NewEvent(new Withdrawn("n", 1))])]);

        Assert.Equal(new ChainReader.Result(81, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, big));
        Assert.Equal(new ChainReader.Result(65, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, a));
        Assert.Equal(new ChainReader.Result(1, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, b));
    }

    [Fact]
    public async Task Copy_path_appends_chain_and_small_appends_continue_the_chain()
    {
        var id = NewStreamId();
        var other = NewStreamId();
        await Store.AppendAsync(id, "account", ExpectedVersion.NoStream, [new NewEvent(new Deposited("a", 1))]);
        // 150 events over two streams: the binary COPY path, one of them continuing an existing chain.
        await Store.AppendAsync(
        [
            new StreamAppend(id, "account", ExpectedVersion.Exact(1), Enumerable.Range(0, 100).Select(i => new NewEvent(new Counted("c", i), Meta)).ToArray()),
            new StreamAppend(other, "account", ExpectedVersion.Any, Enumerable.Range(0, 50).Select(i => new NewEvent(new Deposited("o", i))).ToArray()),
        ]);
        await Store.AppendAsync(id, "account", ExpectedVersion.Exact(101), new Withdrawn("a", 2));
        await Store.AppendAsync(other, "account", ExpectedVersion.Any, Enumerable.Range(0, 70).Select(i => (object)new Deposited("o", i)).ToArray());

        Assert.Equal(new ChainReader.Result(102, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, id));
        Assert.Equal(new ChainReader.Result(120, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, other));
    }

    [Fact]
    public async Task In_a_session_appends_after_a_copy_append_continue_from_its_heads_sent_with_the_commit()
    {
        // The COPY path's new heads go with the COMMIT; anything appending to those streams before it must find them.
        var id = NewStreamId();
        var other = NewStreamId();
        await using (var session = await Store.OpenSessionAsync())
        {
            session.Append(other, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("o", 0))]); // queued before the big one
            await session.AppendAsync(id, "account", ExpectedVersion.NoStream, Enumerable.Range(0, 80).Select(i => new NewEvent(new Counted("c", i))).ToArray());
            await session.AppendAsync(id, "account", ExpectedVersion.Exact(80), [new NewEvent(new Withdrawn("a", 1))]); // immediate, after it
            await session.AppendAsync(other, "account", ExpectedVersion.Any, Enumerable.Range(0, 70).Select(i => new NewEvent(new Deposited("o", i))).ToArray());
            session.Append(other, "account", ExpectedVersion.Any, [new NewEvent(new Deposited("o", 99))]); // queued after it
            session.Append(id, "account", ExpectedVersion.Exact(81), [new NewEvent(new Withdrawn("a", 2))]);
            await session.CommitAsync();
        }
        await Store.AppendAsync(id, "account", ExpectedVersion.Exact(82), new Withdrawn("a", 3));

        Assert.Equal(new ChainReader.Result(83, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, id));
        Assert.Equal(new ChainReader.Result(72, 0, HeadMatches: true), await ChainReader.VerifyAsync(Schema, other));
    }

    [Fact]
    public async Task Concurrent_any_appends_and_sessions_keep_one_unbroken_chain()
    {
        var id = NewStreamId();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                if (i % 5 == 4)
                {
                    await using var session = await Store.OpenSessionAsync();
                    await session.AppendAsync(id, "account", ExpectedVersion.Any, [new NewEvent(new Counted($"w{w}", i))]);
                    await session.CommitAsync();
                }
                else
                {
                    await Store.AppendAsync(id, "account", ExpectedVersion.Any, new Counted($"w{w}", i), new Counted($"w{w}", i));
                }
            }
        }));
        // A session's 'any' append may be refused by the per-stream order guard; that writes nothing and is fine here.
        try { await Task.WhenAll(writers); } catch (WrongExpectedVersionException) { }

        var result = await ChainReader.VerifyAsync(Schema, id);
        Assert.Equal((0, true), (result.Mismatches, result.HeadMatches));
        Assert.Equal((long)result.Events, (await Store.GetStreamAsync(id))!.Version);
    }

    [Theory]
    [InlineData("""{"b":1,"a":[1.50,-0,2E+3,1.5e-7,12345678901234567890.0001],"é":"\u00e9\n\t\u001f\"\\/","":{}}""")]
    [InlineData("""{"a":1,"a":2,"nested":{"z":null,"y":true,"x":false,"w":[]},"big":1e40,"small":-0.000}""")]
    [InlineData("""[{"<tag>":"&amp;'"},"\ud83d\ude00",0.1,100]""")]
    public async Task The_content_digest_is_the_same_for_the_JSON_sent_and_the_JSON_jsonb_gives_back(string json)
    {
        await using var cmd = TestDatabase.DataSource.CreateCommand("select $1::jsonb::text");
        cmd.Parameters.Add(new() { Value = json });
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        var at = DateTime.UtcNow;

        Assert.NotEqual(json, stored);
        Assert.Equal(Digest(json), Digest(stored));
        Assert.NotEqual(Digest(json), Digest(json.Replace("1", "2", StringComparison.Ordinal)));

        string Digest(string data) => Convert.ToHexString(EventHashChain.ContentDigest("s", Guid.Empty, "t", at, data, null, null, null, null, data, null));
    }
}
