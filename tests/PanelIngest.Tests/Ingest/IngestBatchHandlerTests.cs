using Microsoft.Extensions.DependencyInjection;
using Contracts;
using Domain.Panels;
using Messaging;
using Messaging.Handlers;
using PanelIngest.Control;
using PanelIngest.Hosting;
using PanelIngest.Ownership;
using PanelIngest.Protocol;
using PanelIngest.Storage;
using PanelIngest.Translation;

namespace PanelIngest.Tests.Ingest;

/// <summary>The durable hand-off: the position moves only with the messages, only from where the batch started, only by the lease holder.</summary>
public sealed class IngestBatchHandlerTests : IngestDatabase
{
    private MessageBus bus = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var options = new IngestOptions { Schema = Schema };
        var messaging = new MessagingOptions { Outbox = { Schema = Schema } };
        foreach (var (type, name) in MessageNames.All) messaging.Messages.Register(type, name);
        var services = new ServiceCollection().AddSingleton(options).BuildServiceProvider();
        bus = new MessageBus(Store, new HandlerRegistry().Discover(typeof(IngestBatchHandler).Assembly), messaging, services);
        await new LeaseStore(DataSource, Schema).AcquireAsync("me", ["p1"], TimeSpan.FromMinutes(5), default);
    }

    public override async Task DisposeAsync()
    {
        await bus.DisposeAsync();
        await base.DisposeAsync();
    }

    private static PanelEventRead Read(string index) =>
        new("p1", index, new DateTime(2026, 1, 1), 130, false, PanelEventClass.ZoneAlarms, PanelEventKind.BurglaryAlarm, 1, 1, null, 1, "Alarm", DateTimeOffset.UtcNow);

    private static LogPosition At(int index) => new(new EventLogIndex(index), $"F{index}");

    [Fact]
    public async Task Messages_and_position_commit_together_in_order_and_a_stale_batch_changes_nothing()
    {
        await bus.InvokeAsync(new IngestBatch("p1", "me", null, At(2), null, [Read("000001"), Read("000002")], DateTimeOffset.UtcNow));
        await bus.InvokeAsync(new IngestBatch("p1", "me", At(2), At(4), "000002", [Read("000003"), Read("000004")], DateTimeOffset.UtcNow));

        // A retry of the first batch (its answer was lost) must not write its messages again.
        await Assert.ThrowsAsync<PositionMovedException>(() => bus.InvokeAsync(new IngestBatch("p1", "me", null, At(2), null, [Read("000001")], DateTimeOffset.UtcNow)));
        await Assert.ThrowsAsync<PositionMovedException>(() => bus.InvokeAsync(new IngestBatch("p1", "me", At(2), At(3), null, [Read("000003")], DateTimeOffset.UtcNow)));

        var rows = await OutboxAsync("p1");
        Assert.Equal([MessageNames.PanelEventRead, MessageNames.PanelEventRead, MessageNames.PanelLogGapDetected, MessageNames.PanelEventRead, MessageNames.PanelEventRead],
            rows.Select(r => r.Type).ToArray());
        Assert.Equal(["000001", "000002", "000003", "000004"], rows.Where(r => r.Type == MessageNames.PanelEventRead)
            .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("eventLogIndex").GetString()!).ToArray());
        Assert.Equal(At(4), await new PositionStore(DataSource, Schema).ReadAsync("p1", default));
    }

    [Fact]
    public async Task An_instance_without_the_lease_writes_nothing()
    {
        await Assert.ThrowsAsync<LeaseLostException>(() => bus.InvokeAsync(new IngestBatch("p1", "someone-else", null, At(1), null, [Read("000001")], DateTimeOffset.UtcNow)));
        Assert.Empty(await OutboxAsync("p1"));
        Assert.Null(await new PositionStore(DataSource, Schema).ReadAsync("p1", default));
    }

    [Fact]
    public async Task A_control_request_is_answered_once_whether_by_its_session_or_by_expiry()
    {
        await bus.InvokeAsync(new ExecutePanelControl("p1", "r1", PanelControlAction.Disarm, null, [1], DateTimeOffset.UtcNow));
        await bus.InvokeAsync(new ExecutePanelControl("p1", "r1", PanelControlAction.Disarm, null, [1], DateTimeOffset.UtcNow)); // redelivered
        var pending = await new ControlRequestStore(DataSource, Schema).ReadForAsync(["p1"], default);
        Assert.Equal("r1", Assert.Single(pending).RequestId);

        Assert.True(await bus.InvokeAsync<bool>(new CompletePanelControl(new PanelControlCompleted("p1", "r1", PanelControlResult.Accepted, null, DateTimeOffset.UtcNow))));
        Assert.False(await bus.InvokeAsync<bool>(new CompletePanelControl(new PanelControlCompleted("p1", "r1", PanelControlResult.Refused, "late", DateTimeOffset.UtcNow))));
        Assert.Equal(0, await bus.InvokeAsync<int>(new ExpireControlRequests(TimeSpan.Zero, DateTimeOffset.UtcNow)));
        Assert.Single(await OutboxAsync("p1"), r => r.Type == MessageNames.PanelControlCompleted);
    }
}
