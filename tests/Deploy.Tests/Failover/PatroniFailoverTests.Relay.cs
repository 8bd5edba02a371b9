using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts;
using Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Deploy.Tests.Failover;

/// <summary>The outbox's side of the failover: panels to send control requests to, and the relay seen from the broker.</summary>
public sealed partial class PatroniFailoverTests
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(60);

    private static string RabbitMq => Environment.GetEnvironmentVariable("ES_RABBIT") is { Length: > 0 } uri ? uri : "amqp://guest:guest@127.0.0.1:55672/";

    private string Exchange => "x-" + _schema;

    /// <summary>
    /// One panel per control writer, with partition 1, reported connected by "the ingest" (control requests need a
    /// panel that has been reached). That report goes through the outbox, the relay, the broker and the Host's
    /// consumer: the whole pipeline works before the kill.
    /// </summary>
    private async Task<string[]> RegisterConnectedPanelsAsync(HttpClient client, string siteId)
    {
        var bus = _host!.Services.GetRequiredService<MessageBus>();
        var panels = new string[ControlWriters];
        for (var i = 0; i < panels.Length; i++)
        {
            var registered = await client.PostAsJsonAsync("/api/panels", new
            {
                siteId,
                model = "Integra64",
                host = "10.0.0.5",
                port = 7094 + i,
                partitions = new[] { new { number = 1, name = "Office" } },
                zones = new[] { new { number = 1, name = "Door", partition = 1 } },
            });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            panels[i] = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await bus.SendAsync(new PanelConnectionChanged(panels[i], true, null, DateTimeOffset.UtcNow),
                new MessageMetadata(Guid.NewGuid().ToString(), null, "panel-ingest", null), orderingKey: MessageNames.PanelKey(panels[i]));
        }
        foreach (var panel in panels)
            await EventuallyAsync(async () =>
            {
                var connection = (await client.GetFromJsonAsync<JsonElement>($"/api/panels/{panel}")).GetProperty("connection").GetString();
                return (connection == "Connected", $"panel {panel}: {connection}");
            }, TimeSpan.FromSeconds(30), "the panels reported connected");
        return panels;
    }

    /// <summary>
    /// The relay resumed on the new primary and drained: the outbox there is empty, and the messages at the broker
    /// are exactly the control requests in the log (none lost, none made up), every one answered 202 among them.
    /// Duplicates are allowed (a batch published but not yet deleted when the primary died is published again;
    /// the ingest's inbox drops them), as long as each request still has one message id.
    /// </summary>
    private async Task AssertRelayDrainedAsync(NpgsqlDataSource db, IReadOnlyCollection<Ack> acknowledged, Stopwatch clock, TimeSpan killStarted, TimeSpan newPrimaryAt, TimeSpan writesStoppedAt)
    {
        var q = $"\"{_schema}\"";
        var (state, _) = await EventuallyAsync(async () =>
        {
            await using var cmd = db.CreateCommand($"""
                select (select count(*) from {q}.outbox),
                       array(select data->>'requestId' from {q}.events where type = 'panel_control_requested')
                """);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            var (pending, logged) = (r.GetInt64(0), r.GetFieldValue<string[]>(1).ToHashSet());
            var published = _tap!.Received.Select(RequestIdOf).ToHashSet();
            var missing = acknowledged.Count(a => !published.Contains(a.Id));
            var done = pending == 0 && missing == 0 && published.SetEquals(logged);
            return (done, $"{pending} outbox rows pending; {published.Count} requests at the broker of {logged.Count} in the log, " +
                          $"{logged.Count(id => !published.Contains(id))} not published, {published.Count(id => !logged.Contains(id))} not in the log, {missing} acknowledged ones missing");
        }, DrainDeadline, "the relay to drain the outbox on the new primary");
        var checkedAt = clock.Elapsed;

        var received = _tap!.Received.ToArray();
        var byRequest = received.GroupBy(RequestIdOf).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.All(byRequest, r => Assert.Single(r.Value.Select(m => m.MessageId).Distinct()));
        var firstAt = byRequest.ToDictionary(r => r.Key, r => r.Value.Min(m => m.ReceivedAt));
        // Published from the new primary for requests answered before the kill: rows that were still in the outbox
        // when the primary died (not yet published, or published and confirmed but their delete lost with it).
        var answeredBeforeKill = acknowledged.Where(a => a.AnsweredAt < killStarted).Select(a => a.Id).ToHashSet();
        var carriedOver = received.Where(m => m.ReceivedAt >= newPrimaryAt && answeredBeforeKill.Contains(RequestIdOf(m))).ToArray();
        var latency = acknowledged.Where(a => a.AnsweredAt >= newPrimaryAt).Select(a => firstAt[a.Id] - a.AnsweredAt).DefaultIfEmpty().Max();
        var firstPublished = received.Where(m => m.ReceivedAt >= newPrimaryAt).Select(m => m.ReceivedAt).DefaultIfEmpty(checkedAt).Min();
        output.WriteLine($"relay: {state}; {received.Length - byRequest.Count} duplicate deliveries");
        output.WriteLine($"relay: {carriedOver.Length} messages of requests answered before the kill published from the new primary " +
                         $"({carriedOver.Count(m => firstAt[RequestIdOf(m)] < m.ReceivedAt)} of them again)" +
                         (carriedOver.Length == 0 ? "" : $", the last {(carriedOver.Max(m => m.ReceivedAt) - newPrimaryAt).TotalSeconds:F2} s after the new primary's first write") +
                         $"; the first message after the failover {(firstPublished - newPrimaryAt).TotalSeconds:F2} s after that write; " +
                         $"requests answered since then at the broker at most {latency.TotalSeconds:F2} s after their 202; the last message at " +
                         $"{(firstAt.Values.Max() - writesStoppedAt).TotalSeconds:+0.00;-0.00} s from the writes stopping (outbox checked empty at +{(checkedAt - writesStoppedAt).TotalSeconds:F2} s)");
    }

    private static string RequestIdOf(TappedMessage m) => m.Body.GetProperty("requestId").GetString()!;

    /// <summary>
    /// The relay reports a lost database as one warning with its stack trace, then a line every 30 s while it lasts,
    /// then its recovery: not a stack trace for every retry of its lease loop and of each partition.
    /// </summary>
    private void AssertRelayLoggedTheOutageOnce(TimeSpan outage)
    {
        var relay = _logs.Entries.Where(e => e.Category == typeof(Messaging.Outbox.OutboxRelay).FullName && (e.Level >= LogLevel.Warning || e.Message.Contains("working again", StringComparison.Ordinal))).ToArray();
        foreach (var e in relay) output.WriteLine($"  relay log: {e.Level} {e.Message}{(e.Exception is null ? "" : " [" + e.Exception.GetType().Name + "]")}");
        var withStack = relay.Count(e => e.Exception is not null);
        var warnings = relay.Count(e => e.Level >= LogLevel.Warning);
        Assert.True(withStack == 1, $"the relay logged {withStack} stack traces for one outage: expected one");
        Assert.True(warnings <= 1 + (int)(outage.TotalSeconds / 30), $"the relay logged {warnings} warnings for one outage of {outage.TotalSeconds:F0} s, expected one and a line per 30 s after it");
        Assert.Single(relay, e => e.Level == LogLevel.Information);   // working again
    }
}
