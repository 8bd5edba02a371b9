using EventStore;
using Messaging.Handlers;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Handlers;

public sealed class AggregateWorkflowTests : MessagingTest
{
    [Fact]
    public async Task A_command_appends_the_decided_events_and_its_outgoing_messages_in_one_transaction()
    {
        var bus = new MessageBus(Store, AccountHandlers(), NewOptions());
        var result = await bus.InvokeAsync<AggregateResult>(new Deposit("acc-1", 10), new MessageMetadata("corr-1", "req-1", "alice", "tenant-a"));

        Assert.Equal(1, result.Version);
        var stored = await Store.ReadStreamAsync("acc-1").ToListAsync();
        Assert.Equal(new Deposited("acc-1", 10), stored.Single().Data);
        Assert.Equal(("corr-1", "alice", "tenant-a"), (stored[0].Metadata.CorrelationId, stored[0].Metadata.UserId, stored[0].Metadata.Tenant));
        Assert.NotNull(stored[0].Metadata.CausationId);
        // the outgoing message carries the same correlation and is caused by the command
        Assert.Equal(1, await ScalarAsync($"select count(*) from {{schema}}.outbox where message_type = 'balance_changed' and correlation_id = 'corr-1' and causation_id = '{stored[0].Metadata.CausationId}' and user_id = 'alice' and ordering_key = 'acc-1'"));
    }

    [Fact]
    public async Task A_handler_that_throws_after_appending_leaves_neither_events_nor_outbox_rows()
    {
        var bus = new MessageBus(Store, AccountHandlers((c, _, ctx) =>
        {
            ctx.Send(new BalanceChanged(c.Account, 1));
            return [new Deposited(c.Account, c.Amount), new Deposited(c.Account, -1)];
        }).Add(new ThrowingAfterAppendHandler()), NewOptions());

        await Assert.ThrowsAsync<InvalidOperationException>(() => bus.InvokeAsync(new Ping(1, "acc-x")));
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.events"));
        Assert.Equal(0, await ScalarAsync("select count(*) from {schema}.outbox"));
    }

    [Fact]
    public async Task Parallel_commands_on_one_stream_are_all_applied_through_conflict_retries()
    {
        var options = NewOptions();
        options.MaxConflictRetries = 50;
        var bus = new MessageBus(Store, AccountHandlers(), options);
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() => bus.InvokeAsync(new Deposit("shared", i)))));

        var balance = await Store.AggregateAsync("shared", 0m, Evolve);
        Assert.Equal((210m, 20L), (balance.State, balance.Version));
        Assert.Equal(20, await ScalarAsync("select count(*) from {schema}.outbox where ordering_key = 'shared'"));
    }

    [Fact]
    public async Task A_conflict_that_keeps_happening_fails_after_the_bounded_retries()
    {
        var options = NewOptions();
        options.MaxConflictRetries = 3;
        var attempts = 0;
        var bus = new MessageBus(Store, AccountHandlers((c, _, _) =>
        {
            attempts++;
            // Someone else appends between our load and our append, every time.
            Store.AppendAsync(c.Account, "account", ExpectedVersion.Any, new Deposited(c.Account, 1)).GetAwaiter().GetResult();
            return [new Deposited(c.Account, c.Amount)];
        }), options);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => bus.InvokeAsync(new Deposit("contested", 5)));
        Assert.Equal(3, attempts);
    }

    /// <summary>Appends through the session, then fails: the unit of work must roll back.</summary>
    private sealed class ThrowingAfterAppendHandler : IMessageHandler
    {
        public Type MessageType => typeof(Ping);

        public async Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct)
        {
            var ping = (Ping)message;
            await context.Session.AppendAsync(ping.Key, "account", ExpectedVersion.Any, [new NewEvent(new Deposited(ping.Key, 1))], ct);
            context.Send(new BalanceChanged(ping.Key, 1));
            throw new InvalidOperationException("the handler failed after appending");
        }
    }
}
