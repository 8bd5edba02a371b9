using System.Security.Cryptography;
using System.Text.Json;
using Contracts;
using PanelIngest.Secrets;
using PanelSimulator;

namespace PanelIngest.Tests.Ingest;

/// <summary>
/// A simulated panel's log ingested into the outbox, checked against the simulator's ground truth: nothing missing,
/// nothing twice, in panel order; plain and encrypted; and a log that wrapped while the ingest was away gives a gap
/// marker, never invented events.
/// </summary>
public sealed class PanelIngestionTests : IngestDatabase
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private PanelDirectory directory = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        directory = new PanelDirectory(Store);
        await directory.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await directory.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<List<JsonElement>> EventsReadAsync(string panelId) =>
        (await OutboxAsync(panelId)).Where(r => r.Type == MessageNames.PanelEventRead).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

    private static void AssertMatches(IReadOnlyList<GroundTruthEvent> truth, IReadOnlyList<JsonElement> read)
    {
        Assert.Equal(truth.Select(t => t.Index), read.Select(r => r.GetProperty("eventLogIndex").GetString()));
        Assert.Equal(truth.Select(t => (t.Code, t.Restore, t.Zone)), read.Select(r => (r.GetProperty("eventCode").GetInt32(), r.GetProperty("restore").GetBoolean(), r.GetProperty("zone").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("zone").GetInt32())));
        // The record holds the time to the minute.
        Assert.Equal(truth.Select(t => t.PanelTime.AddTicks(-(t.PanelTime.Ticks % TimeSpan.TicksPerMinute))), read.Select(r => r.GetProperty("panelTime").GetDateTime()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_record_reaches_the_outbox_once_in_panel_order(bool encrypted)
    {
        var id = $"panel-{(encrypted ? "enc" : "plain")}";
        await using var site = await SimulatedSite.StartAsync(PanelDefinition.Standard(id, integrationKey: encrypted ? "Kx9qZeta77" : null));
        if (encrypted) await new SecretStore(DataSource, Schema, MasterKey).SetAsync(id, new SecretText("Kx9qZeta77"), null);
        site.Generate(30); // a backlog from before the ingest's first contact
        await directory.RegisterAsync(id, "127.0.0.1", site.Port, encrypted ? "vault:" + id : null);
        await using var node = await IngestNode.StartAsync(Schema, "node-a", Convert.ToBase64String(MasterKey));

        await Eventually(async () => (await EventsReadAsync(id)).Count >= 30, "the backlog in the outbox");
        site.Generate(75); // while connected: several batches
        await Eventually(async () => (await EventsReadAsync(id)).Count >= site.Truth.Count, "the new records in the outbox");

        AssertMatches(site.Truth, await EventsReadAsync(id));
        var outbox = await OutboxAsync(id);
        Assert.Equal(MessageNames.PanelConnectionChanged, outbox[0].Type);
        Assert.True(JsonDocument.Parse(outbox[0].Body).RootElement.GetProperty("connected").GetBoolean());
        Assert.DoesNotContain(outbox, r => r.Type == MessageNames.PanelLogGapDetected);
    }

    [Fact]
    public async Task A_log_that_wrapped_while_the_ingest_was_away_gives_one_gap_marker_and_only_real_records()
    {
        var time = new ShiftedTime();
        await using var site = await SimulatedSite.StartAsync(PanelDefinition.Standard("panel-wrap", logCapacity: 16), time);
        await directory.RegisterAsync("panel-wrap", "127.0.0.1", site.Port);
        await using (var first = await IngestNode.StartAsync(Schema, "node-1"))
        {
            site.Generate(5);
            await Eventually(async () => (await EventsReadAsync("panel-wrap")).Count >= 5, "the first records");
        }
        var lastIngested = site.Truth[^1].Index;
        // Hours pass and the ring of 16 turns over more than twice. (Records identical to the minute at the same
        // reused index cannot be told apart by any client; real wraps take days, so the time differs.)
        time.Offset = TimeSpan.FromHours(3);
        site.Generate(40);
        await using var second = await IngestNode.StartAsync(Schema, "node-2");
        await Eventually(async () => (await EventsReadAsync("panel-wrap")).Count >= 5 + 16, "the records the panel still holds");

        var outbox = await OutboxAsync("panel-wrap");
        var gap = Assert.Single(outbox, r => r.Type == MessageNames.PanelLogGapDetected);
        Assert.Equal(lastIngested, JsonDocument.Parse(gap.Body).RootElement.GetProperty("fromIndex").GetString());
        var truth = site.Truth;
        AssertMatches([.. truth.Take(5), .. truth.TakeLast(16)], await EventsReadAsync("panel-wrap"));
        // the marker comes before the records read after the gap
        var afterGap = outbox.SkipWhile(r => r.Type != MessageNames.PanelLogGapDetected).Skip(1).Where(r => r.Type == MessageNames.PanelEventRead).ToList();
        Assert.Equal(16, afterGap.Count);
    }

    [Fact]
    public async Task An_unreachable_panel_is_reported_disconnected_with_a_reason()
    {
        await using var site = await SimulatedSite.StartAsync(PanelDefinition.Standard("panel-off"));
        var port = site.Port;
        await site.DisposeAsync(); // nobody listens there now
        await directory.RegisterAsync("panel-off", "127.0.0.1", port);
        await using var node = await IngestNode.StartAsync(Schema, "node-off");
        await Eventually(async () => (await OutboxAsync("panel-off")).Any(r => r.Type == MessageNames.PanelConnectionChanged), "the disconnection report");
        var report = JsonDocument.Parse((await OutboxAsync("panel-off")).Single().Body).RootElement;
        Assert.False(report.GetProperty("connected").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(report.GetProperty("reason").GetString()));
    }
}
