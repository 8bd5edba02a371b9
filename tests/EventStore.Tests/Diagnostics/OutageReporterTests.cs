using System.Collections.Concurrent;
using EventStore.Diagnostics;
using EventStore.Projections;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventStore.Tests.Diagnostics;

public sealed class OutageReporterTests
{
    [Fact]
    public void An_outage_is_one_warning_with_the_stack_trace_then_nothing_until_the_interval_then_one_line_when_it_ends()
    {
        var logs = new Captured();
        var outage = new OutageReporter(logs, "Live feed");

        for (var i = 0; i < 50; i++) outage.Failed(new InvalidOperationException($"down {i}"), "reading the log");
        outage.Recovered();

        Assert.Collection(logs.Entries,
            e =>
            {
                Assert.Equal(LogLevel.Warning, e.Level);
                Assert.Equal("Live feed: reading the log failed; retrying (while it goes on, one line every 30 s)", e.Message);
                Assert.Equal("down 0", e.Error?.Message);
            },
            e =>
            {
                Assert.Equal(LogLevel.Information, e.Level);
                Assert.Equal("Live feed: working again after 50 failed attempts", e.Message);
            });
    }

    [Fact]
    public void While_the_outage_lasts_each_interval_gets_one_line_with_the_count_and_the_last_error_without_a_stack_trace()
    {
        var logs = new Captured();
        var outage = new OutageReporter(logs, "Outbox relay n1", interval: TimeSpan.Zero);

        outage.Failed(new TimeoutException("first"), "publishing partition 1");
        outage.Failed(new TimeoutException("second"), "publishing partition 2");

        Assert.Equal(2, logs.Entries.Count);
        var still = logs.Entries.Last();
        Assert.Equal("Outbox relay n1: still failing after 2 attempts; last: publishing partition 2: TimeoutException: second", still.Message);
        Assert.Null(still.Error);
        Assert.Equal(2, outage.Failures);
    }

    [Fact]
    public void Success_without_a_failure_logs_nothing_and_a_new_outage_starts_over()
    {
        var logs = new Captured();
        var outage = new OutageReporter(logs, "Panel ownership");

        outage.Recovered();
        outage.Failed(new IOException("a"), "a round");
        outage.Recovered();
        outage.Failed(new IOException("b"), "a round");

        Assert.Equal([LogLevel.Warning, LogLevel.Information, LogLevel.Warning], logs.Entries.Select(e => e.Level));
        Assert.Equal("b", logs.Entries.Last().Error?.Message);
    }

    [Fact]
    public async Task The_daemons_notification_listener_reports_a_database_that_stays_away_once()
    {
        // Nothing listens on port 1: every reconnection attempt fails at once, with the listener's backoff between them.
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1;Pooling=false");
        var logs = new Captured();
        var listener = new NotificationListener(unreachable, "es_test", _ => { }, logs);
        using var stop = new CancellationTokenSource();

        var running = listener.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (listener.Outage.Failures < 4 && DateTime.UtcNow < deadline) await Task.Delay(20);
        stop.Cancel();
        await running;

        Assert.True(listener.Outage.Failures >= 4, $"only {listener.Outage.Failures} attempts failed in 30 s");
        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Projection daemon: listening for event notifications (polling meanwhile) failed", warning.Message);
        Assert.NotNull(warning.Error);
    }

    private sealed class Captured : ILogger
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Error)> _entries = new();

        public IReadOnlyList<(LogLevel Level, string Message, Exception? Error)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
