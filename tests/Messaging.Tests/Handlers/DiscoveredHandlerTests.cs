using Messaging.Handlers;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Handlers;

/// <summary>A plain handler found by convention (class name ending in Handler, method Handle).</summary>
public sealed class PingHandler
{
    public static async Task<string> Handle(Ping ping, MessageContext context, CancellationToken ct)
    {
        await Task.Yield();
        context.Send(new BalanceChanged(ping.Key, ping.N), orderingKey: ping.Key);
        return $"pong {ping.N} ({context.Metadata.UserId})";
    }
}

public sealed class DiscoveredHandlerTests : MessagingTest
{
    [Fact]
    public async Task Handlers_are_found_by_convention_and_invoked_with_their_result_and_context()
    {
        var registry = new HandlerRegistry().Discover(typeof(PingHandler).Assembly);
        Assert.Contains(typeof(Ping), registry.MessageTypes);
        var bus = new MessageBus(Store, registry, NewOptions());

        var reply = await bus.InvokeAsync<string>(new Ping(7, "k"), new MessageMetadata(UserId: "bob"));
        Assert.Equal("pong 7 (bob)", reply);
        Assert.Equal(1, await ScalarAsync("select count(*) from {schema}.outbox where ordering_key = 'k' and user_id = 'bob'"));
    }

    [Fact]
    public async Task A_message_without_a_handler_is_a_clear_error()
    {
        var bus = new MessageBus(Store, new HandlerRegistry(), NewOptions());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => bus.InvokeAsync(new Deposit("a", 1)));
        Assert.Contains("No handler for Deposit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_message_id_changes_nothing()
    {
        var bus = new MessageBus(Store, AccountHandlers(), NewOptions());
        var id = Guid.CreateVersion7();
        Assert.True(await bus.HandleIncomingAsync(new Deposit("inbox-acc", 5), id, MessageMetadata.Empty, "accounts"));
        Assert.False(await bus.HandleIncomingAsync(new Deposit("inbox-acc", 5), id, MessageMetadata.Empty, "accounts"));
        Assert.Equal(1, (await Store.GetStreamAsync("inbox-acc"))!.Version);
        Assert.Equal(1, await ScalarAsync("select count(*) from {schema}.outbox"));
    }

    [Fact]
    public async Task A_redelivery_whose_handler_now_fails_on_the_moved_on_state_is_a_duplicate_not_an_error()
    {
        // The inbox row goes with the commit, so a redelivery runs its handler before its duplicate is found.
        var bus = new MessageBus(Store, AccountHandlers((c, balance, _) =>
            balance > 0 ? throw new InvalidOperationException("only one deposit") : [new Deposited(c.Account, c.Amount)]), NewOptions());
        var id = Guid.CreateVersion7();
        Assert.True(await bus.HandleIncomingAsync(new Deposit("inbox-once", 5), id, MessageMetadata.Empty, "accounts"));
        Assert.False(await bus.HandleIncomingAsync(new Deposit("inbox-once", 5), id, MessageMetadata.Empty, "accounts"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            bus.HandleIncomingAsync(new Deposit("inbox-once", 5), Guid.CreateVersion7(), MessageMetadata.Empty, "accounts"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_commit_its_effects_once()
    {
        var bus = new MessageBus(Store, AccountHandlers(), NewOptions());
        for (var round = 0; round < 10; round++)
        {
            var id = Guid.CreateVersion7();
            var account = $"inbox-race-{round}";
            var handled = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                bus.HandleIncomingAsync(new Deposit(account, 5), id, MessageMetadata.Empty, "accounts"))));
            Assert.Single(handled, h => h);
            Assert.Equal(1, (await Store.GetStreamAsync(account))!.Version);
        }
        Assert.Equal(10, await ScalarAsync("select count(*) from {schema}.outbox"));
    }

    [Fact]
    public async Task The_inbox_keeps_what_the_audit_trail_needs_of_a_handled_message()
    {
        var bus = new MessageBus(Store, AccountHandlers(), NewOptions());
        var id = Guid.CreateVersion7();
        await bus.HandleIncomingAsync(new Deposit("inbox-audit", 5), id, new MessageMetadata("req-77", "evt-1", "op-3"), "accounts");

        Assert.Equal(1, await ScalarAsync($$"""
            select count(*) from {schema}.inbox where message_id = '{{id}}' and consumer = 'accounts' and message_type = 'deposit'
               and correlation_id = 'req-77' and causation_id = 'evt-1' and user_id = 'op-3'
            """));
    }
}
