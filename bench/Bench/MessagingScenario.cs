using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EventStore;
using Messaging;
using Messaging.Consuming;
using Messaging.Handlers;
using Messaging.Outbox;
using Messaging.Schema;
using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RabbitMQ.Client;

namespace Bench;

/// <summary>A small message: what a panel event looks like on the wire (~100 bytes of JSON).</summary>
public sealed record PanelSignal(string Panel, long Seq, long SentTicks, string Note);

/// <summary>The command of the end-to-end measurement: its handler appends an event and sends a PanelSignal.</summary>
public sealed record RecordSignal(string Panel, long Seq, long SentTicks);

/// <summary>
/// <c>bench/run.sh messaging</c>: outbox → relay → RabbitMQ against raw RabbitMQ.Client confirmed publishing of the
/// same messages in the same batch size, in the same run; then command → outbox → relay → broker → consumer → inbox
/// latency at a fixed rate.
/// </summary>
public static class MessagingScenario
{
    private const int BatchSize = 500;
    private static readonly ConcurrentBag<double> InvokeLatencies = [];
    private static readonly string Note = new('x', 30);

    public static async Task<string> RunAsync(string pg, string rabbitUri, bool quick)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_MIN_THREADS"), out var minThreads)) ThreadPool.SetMinThreads(minThreads, minThreads);
        var messages = quick ? 10_000 : 100_000;
        var e2eSeconds = quick ? 4 : 15;
        var e2eRate = int.TryParse(Environment.GetEnvironmentVariable("BENCH_E2E_RATE"), out var r) ? r : 1_000;
        var report = new Report();
        var schema = $"bench_msg_{Guid.NewGuid():N}"[..24];
        // The deployables' settings (auto-prepare, as AddEventStore sets it): without them every unit of work's
        // statements are parsed and planned again on each execution.
        var csb = new NpgsqlConnectionStringBuilder(EventStore.Hosting.EventStoreServiceCollectionExtensions.WithRecommendedSettings(pg)) { MaxPoolSize = 100 };
        if (Environment.GetEnvironmentVariable("BENCH_NO_AUTOPREPARE") == "1") csb.MaxAutoPrepare = 0;
        await using var dataSource = new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
        var rabbit = new RabbitMqOptions { Uri = rabbitUri, ClientName = "bench", Prefetch = 500, ConsumerConcurrency = int.TryParse(Environment.GetEnvironmentVariable("BENCH_LANES"), out var lanes) ? lanes : 16 };
        await using var connection = await RabbitMqConnection.ConnectAsync(rabbit, NullLogger.Instance, CancellationToken.None);
        var exchange = $"bench.{Guid.NewGuid():N}";
        var queue = exchange + ".q";
        await using (var ch = await connection.CreateChannelAsync(confirms: false, CancellationToken.None))
            await RabbitMqTopology.DeclareQueueAsync(ch, exchange, queue, ["#"], CancellationToken.None);

        var store = new PostgresEventStore(dataSource, new EventStoreOptions { Schema = schema, Types = new EventTypeRegistry().Register<RecordSignal>("signal_recorded") });
        try
        {
            await store.MigrateAsync();
            await MessagingSchema.MigrateAsync(dataSource, schema);
            var options = new MessagingOptions
            {
                Exchange = exchange,
                Messages = new EventTypeRegistry().Register<PanelSignal>("panel_signal").Register<RecordSignal>("record_signal"),
                Outbox = new OutboxOptions { Schema = schema, BatchSize = BatchSize, PollInterval = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("BENCH_RELAY_POLL_MS"), out var poll) ? poll : 200) },
            };

            // 1. Raw RabbitMQ.Client: confirmed publishing in batches of BatchSize, all in flight, then await the confirms.
            var raw = await RawPublishAsync(connection, exchange, messages);
            // The floor under any relay cycle: one message published and its confirm awaited, one at a time.
            Console.WriteLine($"  .. one message at a time, publish → confirm: {Report.Latencies(await ConfirmLatenciesAsync(connection, exchange, quick ? 200 : 1000))}");
            report.Add(new Row("raw RabbitMQ.Client publish, confirms", messages, $"{BatchSize}", raw, messages / raw, "quorum queue, persistent"));
            await PurgeAsync(connection, queue);

            // 2. The same messages written to the outbox (not timed), then drained by one relay to the broker.
            await FillOutboxAsync(store, options, messages);
            var publishers = Enumerable.Range(0, int.TryParse(Environment.GetEnvironmentVariable("BENCH_PUBLISH_CHANNELS"), out var channels) ? channels : 4).Select(_ => new RabbitMqPublisher(connection, NullLogger.Instance)).ToArray();
            await using var relay = new OutboxRelay(dataSource, options.Outbox, new TimedPublisher(new RabbitMqOutboxPublisher(publishers)));
            var clock = Stopwatch.StartNew();
            await relay.StartAsync();
            await WaitAsync(async () => !await OutboxHasRowsAsync(dataSource, schema), TimeSpan.FromMinutes(10));
            var relaySeconds = clock.Elapsed.TotalSeconds;
            report.Add(new Row("outbox → relay → RabbitMQ, confirms", messages, $"{BatchSize}", relaySeconds, messages / relaySeconds, "claim, publish, confirm, delete in batches"));
            await PurgeAsync(connection, queue);

            // 3. End to end at a fixed rate: command (append + outbox) → relay → broker → consumer (inbox) → handled.
            var latencies = new ConcurrentBag<double>();
            var immediateOutbox = new OutboxWriter(options.Outbox);
            var handlers = new HandlerRegistry()
                .Add(new DelegateHandler<RecordSignal>((c, ctx) =>
                {
                    if (ImmediateWrites) return WriteImmediatelyAsync(c, ctx);
                    // Queued: the append, the outbox row and the COMMIT in one round trip.
                    ctx.Send(new PanelSignal(c.Panel, c.Seq, c.SentTicks, Note), orderingKey: c.Panel);
                    ctx.Session.Append(c.Panel, "panel", ExpectedVersion.Any, [new NewEvent(c, ctx.EventMetadata)]);
                    return Task.CompletedTask;
                }))
                .Add(new DelegateHandler<PanelSignal>((s, _) =>
                {
                    latencies.Add(Stopwatch.GetElapsedTime(s.SentTicks).TotalMilliseconds);
                    var handledAt = Stopwatch.GetTimestamp();
                    if (Committed.TryGetValue(s.Seq, out var committedAt) && Confirmed.TryGetValue(s.Seq, out var confirmedAt))
                    {
                        CommitToConfirmed.Add(Stopwatch.GetElapsedTime(committedAt, confirmedAt).TotalMilliseconds);
                        ConfirmedToHandled.Add(Stopwatch.GetElapsedTime(confirmedAt, handledAt).TotalMilliseconds);
                    }
                    return Task.CompletedTask;
                }));
            await using var bus = new MessageBus(store, handlers, options);
            async Task WriteImmediatelyAsync(RecordSignal c, MessageContext ctx)
            {
                // The unit of work as it was before 2026-12-02: the append, then the outbox row, then the COMMIT, a
                // round trip each (the A of the A/B below).
                await ctx.Session.AppendAsync(c.Panel, "panel", ExpectedVersion.Any, [new NewEvent(c, ctx.EventMetadata)]);
                var row = new OutboxMessage(Guid.CreateVersion7(), "panel_signal", options.Exchange!, "panel_signal",
                    JsonSerializer.SerializeToUtf8Bytes(new PanelSignal(c.Panel, c.Seq, c.SentTicks, Note), JsonSerializerOptions.Web), c.Panel);
                await immediateOutbox.WriteAsync(ctx.Session.Connection, ctx.Session.Transaction, [row]);
            }
            if (Environment.GetEnvironmentVariable("BENCH_E2E_PARTS") == "commands-ab")
            {
                // Diagnostic: commands alone (no relay, no consumer), back to back from 16 senders, alternating the
                // unit of work's two shapes in the same minutes (the machine's other tenants move absolute figures).
                await relay.StopAsync();
                var rounds = quick ? 3 : 6;
                var results = new Dictionary<bool, List<(int Sent, double Seconds, List<double> Latencies)>> { [true] = [], [false] = [] };
                await RunAtRateAsync(bus, 100_000, TimeSpan.FromSeconds(0.02)); // warm-up of both shapes
                ImmediateWrites = true;
                await RunAtRateAsync(bus, 100_000, TimeSpan.FromSeconds(0.02));
                for (var round = 0; round < rounds * 2; round++)
                {
                    ImmediateWrites = round % 2 == 0;
                    InvokeLatencies.Clear();
                    var abClock = Stopwatch.StartNew();
                    var abSent = await RunForAsync(bus, TimeSpan.FromSeconds(quick ? 3 : 5));
                    results[ImmediateWrites].Add((abSent, abClock.Elapsed.TotalSeconds, InvokeLatencies.ToList()));
                    Console.WriteLine($"  .. round {round / 2 + 1} {(ImmediateWrites ? "immediate (3 round trips)" : "with the commit (1 round trip)")}: {abSent / abClock.Elapsed.TotalSeconds:F0} commands/s, InvokeAsync {Report.Latencies(InvokeLatencies.ToList())}");
                }
                var rate = results.ToDictionary(r => r.Key, r => r.Value.Sum(x => x.Sent) / r.Value.Sum(x => x.Seconds));
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"RESULT immediate_cps={rate[true]:F0} with_commit_cps={rate[false]:F0} ratio={rate[false] / rate[true]:F2}");
            }
            if (Environment.GetEnvironmentVariable("BENCH_INVOKE_ALONE") == "1")
            {
                await relay.StopAsync();
                for (var i = 0; i < 500; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    await bus.InvokeAsync(new RecordSignal($"panel-{i % 1000:D4}", i, t));
                    InvokeLatencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                Console.WriteLine($"  .. InvokeAsync alone, sequential: {Report.Latencies(InvokeLatencies.ToList())}");
                return "RESULT skipped";
            }
            if (Environment.GetEnvironmentVariable("BENCH_E2E_PARTS") is "commands" or "commands+relay")
            {
                // Diagnostic: the command side alone (or with the relay), at the same rate, without the consumer.
                if (Environment.GetEnvironmentVariable("BENCH_E2E_PARTS") == "commands") await relay.StopAsync();
                else bus.OutboxCommitted += relay.Wake;
                var partClock = Stopwatch.StartNew();
                var partSent = await RunAtRateAsync(bus, e2eRate, TimeSpan.FromSeconds(e2eSeconds));
                Console.WriteLine($"  .. {Environment.GetEnvironmentVariable("BENCH_E2E_PARTS")}: {partSent} sent in {partClock.Elapsed.TotalSeconds:F2} s, InvokeAsync {Report.Latencies(InvokeLatencies.ToList())}");
                return "RESULT skipped";
            }
            bus.OutboxCommitted += relay.Wake;
            await using var consumer = await MessageConsumer.StartAsync(bus, connection, queue, "bench", rabbit, NullLogger.Instance);
            // Warm-up, as the store scenario has: the same path at a quarter of the rate, until everything sent is
            // handled, so that the measured seconds are not the JIT's first compilations and tier-ups.
            var warmupSent = await RunAtRateAsync(bus, Math.Max(1, e2eRate / 4), TimeSpan.FromSeconds(quick ? 2 : 5));
            await WaitAsync(() => Task.FromResult(latencies.Count >= warmupSent), TimeSpan.FromSeconds(60));
            latencies.Clear();
            InvokeLatencies.Clear();
            CommitToConfirmed.Clear();
            ConfirmedToHandled.Clear();
            var e2eClock = Stopwatch.StartNew();
            var sent = await RunAtRateAsync(bus, e2eRate, TimeSpan.FromSeconds(e2eSeconds));
            var sendDone = e2eClock.Elapsed.TotalSeconds;
            await WaitAsync(async () => !await OutboxHasRowsAsync(dataSource, schema), TimeSpan.FromSeconds(60));
            var relayDone = e2eClock.Elapsed.TotalSeconds;
            await WaitAsync(() => Task.FromResult(latencies.Count >= sent), TimeSpan.FromSeconds(60));
            Console.WriteLine($"  .. command (InvokeAsync) latency: {Report.Latencies(InvokeLatencies.ToList())}");
            Console.WriteLine($"  .. commit → relay's publish confirmed: {Report.Latencies(CommitToConfirmed.ToList())}");
            Console.WriteLine($"  .. confirmed → handled by the consumer (its unit of work committed): {Report.Latencies(ConfirmedToHandled.ToList())}");
            Console.WriteLine($"  .. e2e phases: sending took {sendDone:F2} s, outbox empty at {relayDone:F2} s, all handled at {e2eClock.Elapsed.TotalSeconds:F2} s");
            var sorted = latencies.ToList();
            sorted.Sort();
            var p99 = Report.Percentile(sorted, 99);
            report.Add(new Row($"end to end at {e2eRate}/s", sent, "1", e2eSeconds, sent / (double)e2eSeconds, Report.Latencies(sorted)));
            await relay.StopAsync();
            foreach (var p in publishers) await p.DisposeAsync();

            report.Print();
            var relayMps = messages / relaySeconds;
            var rawMps = messages / raw;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"RESULT relay_mps={relayMps:F0} raw_publish_mps={rawMps:F0} relay_ratio={relayMps / rawMps:F2} e2e_p99_ms={p99:F1}");
        }
        finally
        {
            await store.DisposeAsync();
            await using (var ch = await connection.CreateChannelAsync(confirms: false, CancellationToken.None))
            {
                await ch.QueueDeleteAsync(queue, false, false);
                await ch.QueueDeleteAsync(RabbitMqTopology.DeadLetterQueue(queue), false, false);
                await ch.ExchangeDeleteAsync(exchange, false);
                await ch.ExchangeDeleteAsync(RabbitMqTopology.DeadLetterExchange(queue), false);
            }
            await using var drop = dataSource.CreateCommand($"drop schema if exists \"{schema}\" cascade");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static byte[] Body(int i) => JsonSerializer.SerializeToUtf8Bytes(new PanelSignal($"panel-{i % 1000:D4}", i, 0, Note), JsonSerializerOptions.Web);

    private static async Task<double> RawPublishAsync(RabbitMqConnection connection, string exchange, int messages)
    {
        await using var channel = await connection.CreateChannelAsync(confirms: true, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < messages; start += BatchSize)
        {
            var pending = new List<Task>(BatchSize);
            for (var i = start; i < Math.Min(messages, start + BatchSize); i++)
            {
                var props = new BasicProperties { Persistent = true, MessageId = Guid.CreateVersion7().ToString(), Type = "panel_signal", ContentType = "application/json" };
                pending.Add(channel.BasicPublishAsync(exchange, "panel_signal", mandatory: true, props, Body(i)).AsTask());
            }
            await Task.WhenAll(pending);
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<List<double>> ConfirmLatenciesAsync(RabbitMqConnection connection, string exchange, int count)
    {
        await using var channel = await connection.CreateChannelAsync(confirms: true, CancellationToken.None);
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var props = new BasicProperties { Persistent = true, MessageId = Guid.CreateVersion7().ToString(), Type = "panel_signal", ContentType = "application/json" };
            var started = Stopwatch.GetTimestamp();
            await channel.BasicPublishAsync(exchange, "panel_signal", mandatory: true, props, Body(i));
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        return latencies;
    }

    private static async Task FillOutboxAsync(PostgresEventStore store, MessagingOptions options, int messages)
    {
        var writer = new OutboxWriter(options.Outbox);
        for (var start = 0; start < messages; start += 1000)
        {
            await using var session = await store.OpenSessionAsync();
            var batch = Enumerable.Range(start, Math.Min(1000, messages - start))
                .Select(i => new OutboxMessage(Guid.CreateVersion7(), "panel_signal", options.Exchange!, "panel_signal", Body(i), $"panel-{i % 1000:D4}"))
                .ToArray();
            await writer.WriteAsync(session.Connection, session.Transaction, batch);
            await session.CommitAsync();
        }
    }

    // Where the end-to-end time goes, per message (by Seq): the command's commit, the relay's confirmed publish.
    private static readonly ConcurrentDictionary<long, long> Committed = new(), Confirmed = new();
    private static readonly ConcurrentBag<double> CommitToConfirmed = [], ConfirmedToHandled = [];

    /// <summary>Notes when the broker confirmed each message of the relay's batches.</summary>
    private sealed class TimedPublisher(IOutboxPublisher inner) : IOutboxPublisher
    {
        public async Task PublishAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
        {
            await inner.PublishAsync(batch, ct);
            var at = Stopwatch.GetTimestamp();
            foreach (var m in batch)
                if (m.MessageType == "panel_signal")
                    Confirmed[JsonSerializer.Deserialize<PanelSignal>(m.Body.Span, JsonSerializerOptions.Web)!.Seq] = at;
        }
    }

    private static bool ImmediateWrites = Environment.GetEnvironmentVariable("BENCH_IMMEDIATE_WRITES") == "1";

    /// <summary>Sends commands back to back from <c>BENCH_SENDERS</c> (16) senders for <paramref name="duration"/>; returns how many completed.</summary>
    private static async Task<int> RunForAsync(MessageBus bus, TimeSpan duration)
    {
        var senders = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SENDERS"), out var n) ? n : 16;
        var clock = Stopwatch.StartNew();
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = s; clock.Elapsed < duration; i += senders)
            {
                var started = Stopwatch.GetTimestamp();
                await bus.InvokeAsync(new RecordSignal($"panel-{i % 1000:D4}", i, started));
                InvokeLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref done);
            }
        })));
        return done;
    }

    /// <summary>Sends commands at <paramref name="rate"/> per second, on a schedule (not back to back), for <paramref name="duration"/>.</summary>
    private static async Task<int> RunAtRateAsync(MessageBus bus, int rate, TimeSpan duration)
    {
        var senders = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SENDERS"), out var n) ? n : 16;
        var total = (int)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = s; i < total; i += senders)
            {
                var due = TimeSpan.FromSeconds(i / (double)rate);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                var started = Stopwatch.GetTimestamp();
                await bus.InvokeAsync(new RecordSignal($"panel-{i % 1000:D4}", i, started));
                Committed[i] = Stopwatch.GetTimestamp();
                InvokeLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return total;
    }

    private static async Task<bool> OutboxHasRowsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var cmd = dataSource.CreateCommand($"select exists (select 1 from \"{schema}\".outbox)");
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task PurgeAsync(RabbitMqConnection connection, string queue)
    {
        await using var ch = await connection.CreateChannelAsync(confirms: false, CancellationToken.None);
        await ch.QueuePurgeAsync(queue);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException("benchmark condition not reached");
            await Task.Delay(10);
        }
    }

    private sealed class DelegateHandler<T>(Func<T, MessageContext, Task> handle) : IMessageHandler
    {
        public Type MessageType => typeof(T);

        public async Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct)
        {
            await handle((T)message, context);
            return null;
        }
    }
}
